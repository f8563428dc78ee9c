package causse.s2s.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SrvOrderTest {
    private final SrvOrder order = new SrvOrder(new SplittableRandom(42));

    private static SrvTarget t(int priority, int weight, String host) {
        return new SrvTarget(priority, weight, host, 5269, false);
    }

    @Test
    void lowerPriorityComesFirstWhateverTheWeights() {
        List<SrvTarget> ordered = order.order(List.of(t(20, 100, "c"), t(10, 0, "a"), t(30, 1000, "d"), t(10, 5, "b")));
        assertThat(ordered.subList(0, 2)).extracting(SrvTarget::host).containsExactlyInAnyOrder("a", "b");
        assertThat(ordered.subList(2, 4)).extracting(SrvTarget::host).containsExactly("c", "d");
    }

    @Test
    void withinAPriorityTargetsComeFirstInProportionToTheirWeight() {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String host = order.order(List.of(t(0, 10, "light"), t(0, 30, "heavy"))).get(0).host();
            first.merge(host, 1, Integer::sum);
        }
        // expected 7,500 for "heavy": 30 / (10 + 30); the bounds are ten standard deviations wide
        assertThat(first.get("heavy")).isBetween(7_070, 7_930);
    }

    @Test
    void zeroWeightTargetsAreUsuallyLastButNotNever() {
        int zeroFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            if (order.order(List.of(t(0, 0, "zero"), t(0, 50, "fifty"))).get(0).host().equals("zero")) {
                zeroFirst++;
            }
        }
        // RFC 2782: a zero-weight record is picked when the random number is 0, here 1 chance in 51
        assertThat(zeroFirst).isBetween(100, 320);
    }

    @Test
    void everyTargetAppearsOnce() {
        List<SrvTarget> in = List.of(t(0, 0, "a"), t(0, 0, "b"), t(1, 3, "c"), t(1, 3, "d"), t(1, 0, "e"));
        assertThat(order.order(in)).containsExactlyInAnyOrderElementsOf(in);
    }
}
