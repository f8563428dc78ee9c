package causse.server.modules.caps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared cache of verified caps: least recently used out first, bounded in entries and in characters. */
class VerifiedCapsTest {
    private static Caps caps(String ver) {
        return new Caps("sha-1", "urn:example:client", ver);
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesFirst() {
        VerifiedCaps cache = new VerifiedCaps(2);
        cache.put(caps("a"), Set.of("urn:a"));
        cache.put(caps("b"), Set.of("urn:b"));
        assertThat(cache.get(caps("a"))).containsExactly("urn:a");   // a is now the most recently used
        cache.put(caps("c"), Set.of("urn:c"));
        assertThat(cache.get(caps("b"))).isNull();
        assertThat(cache.get(caps("a"))).isNotNull();
        assertThat(cache.get(caps("c"))).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void longFeatureListsPushOthersOutAndOneLargerThanTheBudgetIsNotKept() {
        VerifiedCaps cache = new VerifiedCaps(2);   // 2 KiB of characters in all
        cache.put(caps("a"), Set.of("x".repeat(1000)));
        cache.put(caps("b"), Set.of("y".repeat(1000)));
        cache.put(caps("c"), Set.of("z".repeat(1000)));
        assertThat(cache.get(caps("a"))).isNull();
        assertThat(cache.size()).isEqualTo(2);

        cache.put(caps("big"), Set.of("w".repeat(3000)));
        assertThat(cache.get(caps("big"))).isNull();
        assertThat(cache.size()).isEqualTo(2);

        // A third of the budget each: all three fit once the long ones are gone.
        cache.put(caps("d"), Set.of("v".repeat(600)));
        cache.put(caps("e"), Set.of("u".repeat(600)));
        assertThat(cache.get(caps("d"))).isNotNull();
        assertThat(cache.get(caps("e"))).isNotNull();
    }

    @Test
    void theHashIsPartOfTheKey() {
        VerifiedCaps cache = new VerifiedCaps(10);
        cache.put(caps("same"), Set.of("urn:a"));
        assertThat(cache.get(new Caps("sha-256", "urn:example:client", "same"))).isNull();
        assertThat(cache.get(new Caps("sha-1", "urn:example:other", "same"))).containsExactly("urn:a");
    }
}
