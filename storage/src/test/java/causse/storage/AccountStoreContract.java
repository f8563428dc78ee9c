package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link AccountStore} must do. An implementation's test implements this interface and returns a
 * fresh, empty store from {@link #store()} (the same instance for every call within one test).
 */
public interface AccountStoreContract {
    String ALICE = "alice@example.org";
    String BOB = "bob@example.org";

    AccountStore store();

    static ScramCredential sha1(int seed) {
        return new ScramCredential("SCRAM-SHA-1", bytes(16, seed), 4096 + seed, bytes(20, seed + 1), bytes(20, seed + 2));
    }

    static ScramCredential sha256(int seed) {
        return new ScramCredential("SCRAM-SHA-256", bytes(32, seed), 8192 + seed, bytes(32, seed + 3), bytes(32, seed + 4));
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 17);
        }
        return b;
    }

    @Test
    default void createsThenFindsAnAccount() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertThat(store().create(ALICE, List.of(sha1(1), sha256(1)))).isTrue();

        Account alice = store().find(ALICE).orElseThrow();
        assertThat(alice.jid()).isEqualTo(ALICE);
        assertThat(alice.created()).isBetween(before, Instant.now());
        assertThat(alice.credentials()).containsExactlyInAnyOrder(sha1(1), sha256(1));
    }

    @Test
    default void findsNothingForAnUnknownJid() {
        store().create(ALICE, List.of(sha1(1)));

        assertThat(store().find(BOB)).isEmpty();
        assertThat(store().find("alice@example.com")).isEmpty();
    }

    @Test
    default void refusesADuplicateAndKeepsTheFirstAccount() {
        store().create(ALICE, List.of(sha1(1)));
        Account first = store().find(ALICE).orElseThrow();

        assertThat(store().create(ALICE, List.of(sha256(2)))).isFalse();

        assertThat(store().find(ALICE)).contains(first);
        assertThat(store().find(ALICE).orElseThrow().credentials()).containsExactly(sha1(1));
    }

    @Test
    default void keepsAnAccountWithoutCredentials() {
        assertThat(store().create(ALICE, List.of())).isTrue();

        assertThat(store().find(ALICE).orElseThrow().credentials()).isEmpty();
    }

    @Test
    default void keepsCredentialsByteExactForBothMechanisms() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] zeros = new byte[32];
        byte[] ones = new byte[20];
        Arrays.fill(ones, (byte) 0xFF);
        ScramCredential sha1 = new ScramCredential("SCRAM-SHA-1", everyByte, Integer.MAX_VALUE, ones, new byte[] {0, 0x7F, (byte) 0x80});
        ScramCredential sha256 = new ScramCredential("SCRAM-SHA-256", new byte[] {0}, 1, zeros, everyByte);

        store().create(ALICE, List.of(sha1, sha256));

        Account alice = store().find(ALICE).orElseThrow();
        assertThat(alice.credential("SCRAM-SHA-1")).contains(sha1);
        assertThat(alice.credential("SCRAM-SHA-256")).contains(sha256);
        ScramCredential read = alice.credential("SCRAM-SHA-1").orElseThrow();
        assertThat(read.salt()).isEqualTo(everyByte);
        assertThat(read.storedKey()).isEqualTo(ones);
        assertThat(read.serverKey()).containsExactly(0, 0x7F, 0x80);
        assertThat(read.iterations()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    default void readsTheCredentialOfOneMechanismByteExactAndFollowsUpdatesAndDeletion() {
        ScramCredential odd = new ScramCredential("SCRAM-SHA-1", new byte[] {0, (byte) 0xFF}, Integer.MAX_VALUE,
                new byte[] {(byte) 0x80}, new byte[0x40]);
        store().create(ALICE, List.of(odd, sha256(1)));
        store().create(BOB, List.of(sha256(2)));

        ScramCredential read = store().credential(ALICE, "SCRAM-SHA-1").orElseThrow();
        assertThat(read).isEqualTo(odd);
        assertThat(read.salt()).containsExactly(0, 0xFF);
        assertThat(store().credential(ALICE, "SCRAM-SHA-256")).contains(sha256(1));
        assertThat(store().credential(BOB, "SCRAM-SHA-1")).as("no credential for that mechanism").isEmpty();
        assertThat(store().credential("carol@example.org", "SCRAM-SHA-1")).as("no such account").isEmpty();
        assertThat(store().credential(ALICE, "scram-sha-1")).as("mechanism names are exact").isEmpty();

        store().updateCredentials(ALICE, List.of(sha1(5)));
        assertThat(store().credential(ALICE, "SCRAM-SHA-1")).contains(sha1(5));
        assertThat(store().credential(ALICE, "SCRAM-SHA-256")).isEmpty();

        store().delete(ALICE);
        assertThat(store().credential(ALICE, "SCRAM-SHA-1")).isEmpty();
    }

    @Test
    default void keepsNonAsciiJids() {
        String jid = "élodie.ĉu@école.example";

        store().create(jid, List.of(sha1(3)));

        assertThat(store().find(jid).orElseThrow().jid()).isEqualTo(jid);
        assertThat(store().list("école.example")).containsExactly(jid);
    }

    @Test
    default void replacesAllCredentialsOnUpdate() {
        store().create(ALICE, List.of(sha1(1), sha256(1)));
        Instant created = store().find(ALICE).orElseThrow().created();

        assertThat(store().updateCredentials(ALICE, List.of(sha256(7)))).isTrue();

        Account alice = store().find(ALICE).orElseThrow();
        assertThat(alice.credentials()).containsExactly(sha256(7));
        assertThat(alice.created()).isEqualTo(created);
    }

    @Test
    default void updatesNothingForAnUnknownJid() {
        assertThat(store().updateCredentials(BOB, List.of(sha1(1)))).isFalse();

        assertThat(store().find(BOB)).isEmpty();
    }

    @Test
    default void deletesAnAccountWithItsCredentials() {
        store().create(ALICE, List.of(sha1(1), sha256(1)));
        store().create(BOB, List.of(sha1(2)));

        assertThat(store().delete(ALICE)).isTrue();

        assertThat(store().find(ALICE)).isEmpty();
        assertThat(store().delete(ALICE)).isFalse();
        assertThat(store().find(BOB).orElseThrow().credentials()).containsExactly(sha1(2));
        // Re-created, the account has only its new credentials: nothing of the old one was left behind.
        assertThat(store().create(ALICE, List.of(sha256(9)))).isTrue();
        assertThat(store().find(ALICE).orElseThrow().credentials()).containsExactly(sha256(9));
    }

    @Test
    default void keepsRemovalRequestsOfExistingAccountsUntilTheyAreDeleted() {
        store().create(ALICE, List.of(sha1(1)));
        store().create(BOB, List.of(sha1(2)));
        assertThat(store().removalRequests()).isEmpty();

        assertThat(store().requestRemoval(BOB)).isTrue();
        assertThat(store().requestRemoval(ALICE)).isTrue();
        assertThat(store().requestRemoval(ALICE)).as("asked twice, one request").isTrue();
        assertThat(store().requestRemoval("nobody@example.org")).isFalse();
        assertThat(store().removalRequests()).containsExactly(ALICE, BOB);

        assertThat(store().delete(ALICE)).isTrue();
        assertThat(store().removalRequests()).containsExactly(BOB);
        // A new account of the same name is not removed by the old request.
        store().create(ALICE, List.of(sha1(3)));
        assertThat(store().removalRequests()).containsExactly(BOB);
    }

    @Test
    default void listsAccountsOfOneDomainOrAllSorted() {
        for (String jid : List.of("zoe@example.org", BOB, "carol@example.com", ALICE, "dave@sub.example.org",
                "erin@example.org.evil")) {
            store().create(jid, List.of(sha1(1)));
        }

        assertThat(store().list("example.org")).containsExactly(ALICE, BOB, "zoe@example.org");
        assertThat(store().list("example.com")).containsExactly("carol@example.com");
        assertThat(store().list("nowhere.example")).isEmpty();
        assertThat(store().list(null)).containsExactly(ALICE, BOB, "carol@example.com", "dave@sub.example.org",
                "erin@example.org.evil", "zoe@example.org");
    }

    @Test
    default void listsNothingWhenEmpty() {
        assertThat(store().list(null)).isEmpty();
        assertThat(store().list("example.org")).isEmpty();
    }

    @Test
    default void refusesAJidWithoutLocalpartOrDomain() {
        for (String jid : List.of("example.org", "@example.org", "alice@")) {
            assertThatThrownBy(() -> store().create(jid, List.of())).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store().list(null)).isEmpty();
    }

    @Test
    default void refusesTwoCredentialsForOneMechanism() {
        assertThatThrownBy(() -> store().create(ALICE, List.of(sha1(1), sha1(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().find(ALICE)).isEmpty();

        store().create(ALICE, List.of(sha1(1)));
        assertThatThrownBy(() -> store().updateCredentials(ALICE, List.of(sha256(1), sha256(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().find(ALICE).orElseThrow().credentials()).containsExactly(sha1(1));
    }

    @Test
    @Timeout(60)
    default void letsExactlyOneOfConcurrentCreatesOfOneJidWin() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                String jid = "user" + round + "@example.org";
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    Callable<Boolean> create = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        return store().create(jid, List.of(sha1(seed)));
                    };
                    results.add(pool.submit(create));
                }
                List<Integer> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    if (results.get(t).get(30, TimeUnit.SECONDS)) {
                        winners.add(t);
                    }
                }

                assertThat(winners).as("winners of round %d", round).hasSize(1);
                assertThat(store().find(jid).orElseThrow().credentials()).containsExactly(sha1(winners.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
