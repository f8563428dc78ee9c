package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link OfflineStore} must do, on top of what {@link AccountOwnedStoreContract} sets up.
 */
public interface OfflineStoreContract extends AccountOwnedStoreContract<OfflineStore> {
    Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");
    int NO_LIMIT = Integer.MAX_VALUE;

    private static String message(int n) {
        return "<message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org'><body>" + n
                + "</body></message>";
    }

    @Test
    default void anOwnerWithoutMessagesHasNone() {
        assertThat(store().messages(ALICE)).isEmpty();
        assertThat(store().count(ALICE)).isZero();
        assertThat(store().messages("nobody@example.org")).isEmpty();
    }

    @Test
    default void returnsMessagesOldestFirstWithIncreasingIds() {
        for (int i = 0; i < 5; i++) {
            assertThat(store().store(ALICE, message(i), T0.plusSeconds(i), NO_LIMIT)).isTrue();
        }

        List<OfflineMessage> messages = store().messages(ALICE);

        assertThat(messages).extracting(OfflineMessage::stanzaXml)
                .containsExactly(message(0), message(1), message(2), message(3), message(4));
        assertThat(messages).extracting(OfflineMessage::stored)
                .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
        assertThat(messages).extracting(OfflineMessage::id).isSorted().doesNotHaveDuplicates();
        assertThat(store().count(ALICE)).isEqualTo(5);
    }

    @Test
    default void ordersByArrivalNotByTimestamp() {
        store().store(ALICE, message(1), T0.plusSeconds(10), NO_LIMIT);
        store().store(ALICE, message(2), T0, NO_LIMIT);

        assertThat(store().messages(ALICE)).extracting(OfflineMessage::stanzaXml).containsExactly(message(1), message(2));
    }

    @Test
    default void keepsTheTimeToTheMicrosecond() {
        store().store(ALICE, message(1), Instant.parse("2025-03-01T12:00:00.123456789Z"), NO_LIMIT);

        assertThat(store().messages(ALICE).get(0).stored()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
    }

    @Test
    default void storesUpToTheLimitExactly() {
        for (int i = 0; i < 3; i++) {
            assertThat(store().store(ALICE, message(i), T0, 3)).isTrue();
        }

        assertThat(store().store(ALICE, message(3), T0, 3)).isFalse();

        assertThat(store().count(ALICE)).isEqualTo(3);
        assertThat(store().messages(ALICE)).extracting(OfflineMessage::stanzaXml)
                .containsExactly(message(0), message(1), message(2));
        // A lower limit than what is stored refuses too; a higher one lets one more in.
        assertThat(store().store(ALICE, message(4), T0, 1)).isFalse();
        assertThat(store().store(ALICE, message(5), T0, 4)).isTrue();
        assertThat(store().count(ALICE)).isEqualTo(4);
    }

    @Test
    default void aLimitOfZeroStoresNothing() {
        assertThat(store().store(ALICE, message(1), T0, 0)).isFalse();

        assertThat(store().count(ALICE)).isZero();
    }

    @Test
    default void countsTheLimitPerOwnerAndMakesRoomAfterDelivery() {
        store().store(ALICE, message(1), T0, 2);
        store().store(ALICE, message(2), T0, 2);

        assertThat(store().store(BOB, message(3), T0, 2)).isTrue();
        assertThat(store().store(ALICE, message(4), T0, 2)).isFalse();

        store().delete(ALICE, List.of(store().messages(ALICE).get(0).id()));
        assertThat(store().store(ALICE, message(5), T0, 2)).isTrue();
        assertThat(store().messages(ALICE)).extracting(OfflineMessage::stanzaXml).containsExactly(message(2), message(5));
    }

    @Test
    @Timeout(120)
    default void neverStoresMoreThanTheLimitUnderConcurrentStores() throws Exception {
        int limit = 40;
        int attempts = 200;
        for (int round = 0; round < 3; round++) {
            String owner = "user" + round + "@example.org";
            accounts().create(owner, List.of());
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int n = i;
                tasks.add(() -> store().store(owner, message(n), T0, limit));
            }

            List<Boolean> stored = Race.run(16, tasks);

            assertThat(stored.stream().filter(s -> s).count()).as("round %d", round).isEqualTo(limit);
            assertThat(store().count(owner)).isEqualTo(limit);
            assertThat(store().messages(owner)).hasSize(limit);
        }
    }

    @Test
    default void listsTheOwnersThatHaveMessagesStoredAndNoLongerThoseEmptied() {
        assertThat(store().owners()).isEmpty();
        store().store(ALICE, message(1), T0, NO_LIMIT);
        store().store(ALICE, message(2), T0, NO_LIMIT);
        store().store(BOB, message(3), T0, NO_LIMIT);

        assertThat(store().owners()).containsExactlyInAnyOrder(ALICE, BOB);

        store().delete(BOB, store().messages(BOB).stream().map(OfflineMessage::id).toList());

        assertThat(store().owners()).containsExactly(ALICE);
    }

    @Test
    default void deletesTheGivenIdsOfTheOwnerOnly() {
        for (int i = 0; i < 4; i++) {
            store().store(ALICE, message(i), T0, NO_LIMIT);
        }
        store().store(BOB, message(9), T0, NO_LIMIT);
        List<OfflineMessage> alices = store().messages(ALICE);
        long bobsId = store().messages(BOB).get(0).id();

        store().delete(ALICE, List.of(alices.get(0).id(), alices.get(2).id(), bobsId, 1_000_000_000L));

        assertThat(store().messages(ALICE)).containsExactly(alices.get(1), alices.get(3));
        assertThat(store().messages(BOB)).extracting(OfflineMessage::id).containsExactly(bobsId);
        store().delete(ALICE, List.of());
        assertThat(store().count(ALICE)).isEqualTo(2);
    }

    @Test
    default void expiresMessagesStoredBeforeTheCutoffOfEveryOwner() {
        store().store(ALICE, message(1), T0, NO_LIMIT);
        store().store(ALICE, message(2), T0.plusSeconds(60), NO_LIMIT);
        store().store(BOB, message(3), T0.minusSeconds(3600), NO_LIMIT);
        store().store(BOB, message(4), T0.plusSeconds(120), NO_LIMIT);

        assertThat(store().deleteOlderThan(T0.plusSeconds(60))).isEqualTo(2);

        assertThat(store().messages(ALICE)).extracting(OfflineMessage::stanzaXml).containsExactly(message(2));
        assertThat(store().messages(BOB)).extracting(OfflineMessage::stanzaXml).containsExactly(message(4));
        assertThat(store().deleteOlderThan(T0)).isZero();
        assertThat(store().deleteOlderThan(T0.plusSeconds(3600))).isEqualTo(2);
        assertThat(store().count(ALICE) + store().count(BOB)).isZero();
    }

    @Test
    default void comparesTheCutoffToTheKeptMicrosecond() {
        Instant second = Instant.parse("2025-03-01T12:00:00Z");
        // Kept as 12:00:00.000001: the nanoseconds are dropped.
        store().store(ALICE, message(1), second.plusNanos(1_500), NO_LIMIT);

        assertThat(store().deleteOlderThan(second.plusNanos(1_000))).isZero();
        assertThat(store().deleteOlderThan(second.plusNanos(1_001))).isOne();
    }

    @Test
    default void keepsALargeUnicodeStanzaByteExact() {
        String stanza = Payloads.stanza(300 * 1024);

        store().store(ALICE, stanza, T0, NO_LIMIT);
        store().store(ALICE, message(2), T0, NO_LIMIT);

        String read = store().messages(ALICE).get(0).stanzaXml();
        assertThat(read.getBytes(StandardCharsets.UTF_8)).isEqualTo(stanza.getBytes(StandardCharsets.UTF_8));
        assertThat(store().messages(ALICE).get(1).stanzaXml()).isEqualTo(message(2));
    }

    @Test
    default void deletingTheAccountDeletesItsMessages() {
        assumeTrue(accountDeletionCascades(), "only a database deletes an account's data with it");
        store().store(ALICE, message(1), T0, NO_LIMIT);
        store().store(ALICE, Payloads.stanza(64 * 1024), T0, NO_LIMIT);
        store().store(BOB, message(2), T0, NO_LIMIT);

        accounts().delete(ALICE);

        assertThat(store().messages(ALICE)).isEmpty();
        assertThat(store().count(ALICE)).isZero();
        assertThat(store().messages(BOB)).extracting(OfflineMessage::stanzaXml).containsExactly(message(2));
        accounts().create(ALICE, List.of());
        assertThat(store().messages(ALICE)).isEmpty();
    }
}
