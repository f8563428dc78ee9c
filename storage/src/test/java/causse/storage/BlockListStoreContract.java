package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link BlockListStore} must do, on top of what {@link AccountOwnedStoreContract} sets up.
 */
public interface BlockListStoreContract extends AccountOwnedStoreContract<BlockListStore> {
    String SPAMMER = "spammer@evil.example";
    String EVIL = "evil.example";
    String FULL = "troll@example.net/phone";

    @Test
    default void startsEmpty() {
        assertThat(store().blocked(ALICE)).isEmpty();
        assertThat(store().isBlocked(ALICE, SPAMMER)).isFalse();
        assertThat(store().blocked("nobody@example.org")).isEmpty();
    }

    @Test
    default void blocksAndListsSorted() {
        List<String> added = store().block(ALICE, List.of(SPAMMER, FULL, EVIL, "émile@example.org", "Zed@example.org"));

        List<String> sorted = List.of("Zed@example.org", EVIL, SPAMMER, FULL, "émile@example.org");
        assertThat(added).isEqualTo(sorted);
        assertThat(store().blocked(ALICE)).isEqualTo(sorted);
        assertThat(store().isBlocked(ALICE, SPAMMER)).isTrue();
        assertThat(store().isBlocked(ALICE, FULL)).isTrue();
    }

    @Test
    default void reportsOnlyWhatIsNewlyBlocked() {
        store().block(ALICE, List.of(SPAMMER));

        assertThat(store().block(ALICE, List.of(EVIL, SPAMMER, EVIL))).containsExactly(EVIL);
        assertThat(store().block(ALICE, Set.of(SPAMMER, EVIL))).isEmpty();
        assertThat(store().block(ALICE, List.of())).isEmpty();
        assertThat(store().blocked(ALICE)).containsExactly(EVIL, SPAMMER);
    }

    @Test
    default void comparesJidsAsTheyAre() {
        store().block(ALICE, List.of(EVIL, FULL));

        // Whether a domain blocks its users, or a bare JID its resources, is for the module to decide.
        assertThat(store().isBlocked(ALICE, SPAMMER)).isFalse();
        assertThat(store().isBlocked(ALICE, "troll@example.net")).isFalse();
        assertThat(store().isBlocked(ALICE, "Evil.example")).isFalse();
    }

    @Test
    default void reportsOnlyWhatIsActuallyUnblocked() {
        store().block(ALICE, List.of(SPAMMER, EVIL, FULL));

        assertThat(store().unblock(ALICE, List.of(FULL, "nobody@example.org", SPAMMER, FULL)))
                .containsExactly(SPAMMER, FULL);
        assertThat(store().unblock(ALICE, List.of(SPAMMER))).isEmpty();
        assertThat(store().unblock(ALICE, List.of())).isEmpty();
        assertThat(store().blocked(ALICE)).containsExactly(EVIL);
        assertThat(store().isBlocked(ALICE, SPAMMER)).isFalse();
    }

    @Test
    default void unblocksEverything() {
        store().block(ALICE, List.of(SPAMMER, EVIL));
        store().block(BOB, List.of(SPAMMER));

        assertThat(store().unblockAll(ALICE)).containsExactly(EVIL, SPAMMER);

        assertThat(store().blocked(ALICE)).isEmpty();
        assertThat(store().unblockAll(ALICE)).isEmpty();
        assertThat(store().blocked(BOB)).containsExactly(SPAMMER);
        assertThat(store().block(ALICE, List.of(SPAMMER))).containsExactly(SPAMMER);
    }

    @Test
    default void listsTheOwnersWhoseListIsNotEmpty() {
        assertThat(store().owners()).isEmpty();
        store().block(ALICE, List.of(SPAMMER, EVIL));
        store().block(BOB, List.of(FULL));

        assertThat(store().owners()).containsExactlyInAnyOrder(ALICE, BOB);

        store().unblock(ALICE, List.of(SPAMMER));
        store().unblockAll(BOB);

        assertThat(store().owners()).containsExactly(ALICE);
    }

    @Test
    default void keepsOwnersApart() {
        store().block(ALICE, List.of(SPAMMER));
        store().block(BOB, List.of(EVIL));

        store().unblock(BOB, List.of(SPAMMER));

        assertThat(store().blocked(ALICE)).containsExactly(SPAMMER);
        assertThat(store().blocked(BOB)).containsExactly(EVIL);
        assertThat(store().isBlocked(BOB, SPAMMER)).isFalse();
    }

    @Test
    @Timeout(120)
    default void reportsEachChangeOnceUnderConcurrentCalls() throws Exception {
        List<String> jids = List.of(SPAMMER, EVIL, FULL, "a@example.org", "b@example.org");
        List<Callable<List<String>>> blocks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            blocks.add(() -> store().block(ALICE, jids));
        }
        assertThat(Race.run(8, blocks).stream().flatMap(Collection::stream).sorted().toList())
                .isEqualTo(jids.stream().sorted().toList());

        List<Callable<List<String>>> unblocks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            unblocks.add(i % 2 == 0 ? () -> store().unblock(ALICE, jids) : () -> store().unblockAll(ALICE));
        }
        assertThat(Race.run(8, unblocks).stream().flatMap(Collection::stream).sorted().toList())
                .isEqualTo(jids.stream().sorted().toList());
        assertThat(store().blocked(ALICE)).isEmpty();
    }

    @Test
    default void deletingTheAccountDeletesItsBlockList() {
        assumeTrue(accountDeletionCascades(), "only a database deletes an account's data with it");
        store().block(ALICE, List.of(SPAMMER, EVIL));
        store().block(BOB, List.of(SPAMMER));

        accounts().delete(ALICE);

        assertThat(store().blocked(ALICE)).isEmpty();
        assertThat(store().isBlocked(ALICE, SPAMMER)).isFalse();
        assertThat(store().blocked(BOB)).containsExactly(SPAMMER);
        accounts().create(ALICE, List.of());
        assertThat(store().block(ALICE, List.of(SPAMMER))).containsExactly(SPAMMER);
    }
}
