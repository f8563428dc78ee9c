package causse.server.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.jid.Jid;
import causse.module.AccountRemovalListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two halves of an account's removal around the delete, and what a failing module may stop. */
class AccountRemovalsTest {
    private final Jid dora = Jid.parse("dora@localhost");
    private final List<String> log = new ArrayList<>();
    private final AccountRemovals removals = new AccountRemovals();

    @Test
    void eachListenerReadsBeforeTheDeleteAndFinishesAfterItInOrder() {
        removals.add(a -> { log.add("read 1 " + a); return () -> log.add("finish 1"); });
        removals.add(a -> { log.add("read 2"); return () -> log.add("finish 2"); });

        assertThat(removals.remove(dora, () -> log.add("delete"))).isTrue();

        assertThat(log).containsExactly("read 1 dora@localhost", "read 2", "delete", "finish 1", "finish 2");
    }

    @Test
    void nothingFinishesWhenThereWasNoSuchAccount() {
        removals.add(a -> () -> log.add("finish"));

        assertThat(removals.remove(dora, () -> false)).isFalse();

        assertThat(log).isEmpty();
    }

    @Test
    void aFailedReadStopsTheRemovalAndAFailedFinishStopsNoOtherModule() {
        removals.add(a -> { throw new IllegalStateException("store down"); });
        assertThatThrownBy(() -> removals.remove(dora, () -> log.add("delete"))).hasMessage("store down");
        assertThat(log).isEmpty();

        AccountRemovals other = new AccountRemovals();
        other.add(a -> () -> { throw new IllegalStateException("broken"); });
        other.add(a -> () -> log.add("finish 2"));
        assertThat(other.remove(dora, () -> log.add("delete"))).isTrue();
        assertThat(log).containsExactly("delete", "finish 2");
    }

    @Test
    void aRemovedListenerIsNotCalled() {
        AccountRemovalListener l = a -> () -> log.add("finish");
        removals.add(l);
        removals.remove(l);

        removals.remove(dora, () -> true);

        assertThat(log).isEmpty();
    }
}
