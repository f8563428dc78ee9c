package causse.server.modules.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.storage.PendingRequest;
import causse.storage.Roster;
import causse.storage.RosterItem;
import causse.storage.memory.MemoryAccountStore;
import causse.storage.memory.MemoryRosterStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which presence work reads the store on the account's queue, and which runs at once with an empty roster. */
class RostersTest {
    private static final String ALICE = "alice@localhost";
    private static final String BOB = "bob@localhost";
    private static final String SUBSCRIBE = "<presence xmlns='jabber:client' type='subscribe' from='"
            + ALICE + "' to='" + BOB + "'/>";
    private final MemoryRosterStore store = new MemoryRosterStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    /** What one run of the work saw, and on which thread. */
    private record Seen(Thread thread, Roster roster, List<PendingRequest> pending) {
    }

    private static Seen run(Rosters rosters, String owner) {
        AtomicReference<Seen> seen = new AtomicReference<>();
        rosters.withRoster(owner, true,
                (roster, pending) -> seen.set(new Seen(Thread.currentThread(), roster, pending)));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() != null);
        return seen.get();
    }

    private Rosters started() {
        Rosters rosters = new Rosters(store, new MemoryAccountStore(), pool);
        rosters.loadOwners();
        return rosters;
    }

    @Test
    void anAccountWithoutRosterDataGetsAnEmptyRosterAtOnceOnTheCallersThread() {
        Seen seen = run(started(), ALICE);

        assertThat(seen.thread()).isSameAs(Thread.currentThread());
        assertThat(seen.roster().items()).isEmpty();
        assertThat(seen.pending()).isEmpty();
    }

    @Test
    void dataStoredBeforeTheStartIsReadOnTheQueue() {
        store.put(ALICE, RosterItem.of(BOB));
        store.savePendingRequest(BOB, ALICE, SUBSCRIBE);
        Rosters rosters = started();

        Seen alice = run(rosters, ALICE);
        Seen bob = run(rosters, BOB);

        assertThat(alice.thread()).isNotSameAs(Thread.currentThread());
        assertThat(alice.roster().items()).containsExactly(RosterItem.of(BOB));
        assertThat(bob.thread()).isNotSameAs(Thread.currentThread());
        assertThat(bob.pending()).containsExactly(new PendingRequest(ALICE, SUBSCRIBE));
    }

    @Test
    void aWriteSinceTheStartSendsLaterWorkToTheQueue() {
        Rosters rosters = started();
        rosters.store().put(ALICE, RosterItem.of(BOB));
        rosters.store().savePendingRequest(BOB, ALICE, SUBSCRIBE);

        assertThat(run(rosters, ALICE).roster().items()).containsExactly(RosterItem.of(BOB));
        assertThat(run(rosters, BOB).pending()).containsExactly(new PendingRequest(ALICE, SUBSCRIBE));
    }

    @Test
    void workForAnAccountWithQueuedWorkWaitsBehindIt() throws Exception {
        Rosters rosters = started();
        CountDownLatch release = new CountDownLatch(1);
        rosters.queue().submit(ALICE, () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        rosters.withRoster(ALICE, false, (roster, pending) -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isNull();
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> ranOn.get() != null);
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    }
}
