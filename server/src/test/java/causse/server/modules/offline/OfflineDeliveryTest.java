package causse.server.modules.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.stanza.StreamErrorCondition;
import causse.storage.OfflineMessage;
import causse.storage.OfflineStore;
import causse.storage.memory.MemoryOfflineStore;
import causse.xml.XmlElement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery rules that the end-to-end tests cannot time: concurrent logins, a session lost before its answer. */
class OfflineDeliveryTest {
    private static final Jid BOB = Jid.parse("bob@localhost");
    private final MemoryOfflineStore store = new MemoryOfflineStore();
    private final FakeSessions sessions = new FakeSessions();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final OfflineDelivery delivery = new OfflineDelivery(store, sessions, pool, timer,
            new OfflineMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private void storeMessages(int n) {
        for (int i = 1; i <= n; i++) {
            store.store(BOB.toString(), "<message xmlns='jabber:client' to='bob@localhost'><body>m" + i
                    + "</body></message>", Instant.now(), 1000);
            delivery.stored(BOB);   // what OfflineModule does after each commit
        }
    }

    @Test
    void twoResourcesComingOnlineTogetherReceiveEachMessageOnceBetweenThem() throws Exception {
        storeMessages(150);   // more than one batch
        FakeSession phone = sessions.online("phone");
        FakeSession desk = sessions.online("desk");
        CountDownLatch go = new CountDownLatch(1);
        for (FakeSession s : List.of(phone, desk)) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delivery.flush(BOB, s);
            });
        }
        go.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            phone.answerPings(delivery);
            desk.answerPings(delivery);
            return store.count(BOB.toString()) == 0;
        });
        List<String> all = new CopyOnWriteArrayList<>(phone.bodies());
        all.addAll(desk.bodies());
        assertThat(all).hasSize(150).doesNotHaveDuplicates();
    }

    @Test
    void aSessionThatEndsBeforeAnsweringLeavesTheMessagesStoredForTheNext() {
        storeMessages(3);
        FakeSession lost = sessions.online("lost");
        delivery.flush(BOB, lost);
        await().atMost(Duration.ofSeconds(10)).until(() -> lost.pingIds().size() == 1);
        assertThat(lost.bodies()).containsExactly("m1", "m2", "m3");
        sessions.remove(lost);
        delivery.ended(lost);
        lost.answerPings(delivery);   // too late: the session is gone, nothing is deleted on its word
        assertThat(store.count(BOB.toString())).isEqualTo(3);

        FakeSession next = sessions.online("next");
        delivery.flush(BOB, next);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            next.answerPings(delivery);
            return store.count(BOB.toString()) == 0;
        });
        assertThat(next.bodies()).containsExactly("m1", "m2", "m3");
    }

    @Test
    void anAnswerFromAnotherResourceDoesNotAcknowledge() {
        storeMessages(1);
        FakeSession target = sessions.online("target");
        FakeSession other = sessions.online("other");
        delivery.flush(BOB, target);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.pingIds().size() == 1);
        String id = target.pingIds().get(0);
        assertThat(delivery.acknowledged(result(other.jid(), id))).isFalse();
        assertThat(store.count(BOB.toString())).isEqualTo(1);
        assertThat(delivery.acknowledged(result(target.jid(), id))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.count(BOB.toString()) == 0);
    }

    @Test
    void aFlushForAnAccountWithNothingStoredRunsNoStorageTaskButOneAfterAStoreOrARestartDoes() {
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        };
        OfflineDelivery fresh = new OfflineDelivery(store, sessions, counting, timer,
                new OfflineMetrics(new SimpleMeterRegistry()));
        fresh.loadOwners();
        FakeSession phone = sessions.online("phone");

        fresh.flush(BOB, phone);
        assertThat(tasks.get()).isZero();

        storeMessages(1);
        fresh.stored(BOB);
        fresh.flush(BOB, phone);
        await().atMost(Duration.ofSeconds(10)).until(() -> phone.pingIds().size() == 1);
        assertThat(phone.bodies()).containsExactly("m1");

        // a new server learns from the store that this account has a message waiting
        OfflineDelivery restarted = new OfflineDelivery(store, sessions, counting, timer,
                new OfflineMetrics(new SimpleMeterRegistry()));
        restarted.loadOwners();
        FakeSession desk = sessions.online("desk");
        restarted.flush(BOB, desk);
        await().atMost(Duration.ofSeconds(10)).until(() -> desk.pingIds().size() == 1);
        assertThat(desk.bodies()).containsExactly("m1");
    }

    @Test
    void aMessageCommittedWhileAFlushReadsAnEmptyStoreIsDeliveredByTheNextFlush() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch stored = new CountDownLatch(1);
        OfflineStore slowReads = new DelegatingStore(store) {
            @Override
            public List<OfflineMessage> messages(String owner) {
                List<OfflineMessage> before = super.messages(owner);
                reading.countDown();
                try {
                    stored.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return before;   // what a read that ran before the other commit saw
            }
        };
        OfflineDelivery racing = new OfflineDelivery(slowReads, sessions, pool, timer,
                new OfflineMetrics(new SimpleMeterRegistry()));
        FakeSession phone = sessions.online("phone");
        racing.stored(BOB);   // known to have had a message, since delivered
        racing.flush(BOB, phone);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        store.store(BOB.toString(), "<message xmlns='jabber:client' to='bob@localhost'><body>late</body></message>",
                Instant.now(), 1000);
        racing.stored(BOB);
        stored.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !racing.flushing(BOB));

        FakeSession desk = sessions.online("desk");
        racing.flush(BOB, desk);
        await().atMost(Duration.ofSeconds(10)).until(() -> desk.pingIds().size() == 1);
        assertThat(desk.bodies()).containsExactly("late");
    }

    private static Stanza result(Jid from, String id) {
        XmlElement iq = XmlElement.builder("iq", "jabber:client").attribute("type", "result").attribute("id", id)
                .attribute("from", from.toString()).attribute("to", "localhost").build();
        return new Stanza(Stanza.Kind.IQ, iq, from, Jid.parse("localhost"));
    }

    /** A store that passes every call on; tests override the call they want to slow down. */
    private static class DelegatingStore implements OfflineStore {
        private final OfflineStore inner;

        DelegatingStore(OfflineStore inner) {
            this.inner = inner;
        }

        @Override
        public boolean store(String owner, String stanzaXml, Instant stored, int limit) {
            return inner.store(owner, stanzaXml, stored, limit);
        }

        @Override
        public List<OfflineMessage> messages(String owner) {
            return inner.messages(owner);
        }

        @Override
        public int count(String owner) {
            return inner.count(owner);
        }

        @Override
        public Set<String> owners() {
            return inner.owners();
        }

        @Override
        public void delete(String owner, List<Long> ids) {
            inner.delete(owner, ids);
        }

        @Override
        public int deleteOlderThan(Instant cutoff) {
            return inner.deleteOlderThan(cutoff);
        }
    }

    private static final class FakeSessions implements Sessions {
        private final Map<Jid, FakeSession> bound = new ConcurrentHashMap<>();

        FakeSession online(String resource) {
            FakeSession s = new FakeSession(BOB.withResource(resource));
            bound.put(s.jid(), s);
            return s;
        }

        void remove(FakeSession s) {
            bound.remove(s.jid());
        }

        @Override
        public ClientSession get(Jid fullJid) {
            return bound.get(fullJid);
        }

        @Override
        public List<ClientSession> sessionsOf(Jid bareJid) {
            return List.copyOf(bound.values());
        }
    }

    private static final class FakeSession implements ClientSession {
        private final Jid jid;
        private final List<XmlElement> sent = new CopyOnWriteArrayList<>();
        private final List<String> answered = new CopyOnWriteArrayList<>();

        FakeSession(Jid jid) {
            this.jid = jid;
        }

        List<String> bodies() {
            return sent.stream().filter(e -> e.name().equals("message"))
                    .map(e -> e.childText("body", "jabber:client")).toList();
        }

        List<String> pingIds() {
            return sent.stream().filter(e -> e.name().equals("iq")).map(e -> e.attribute("id")).toList();
        }

        /** Answers every ping not answered yet, as a client would. */
        void answerPings(OfflineDelivery delivery) {
            for (String id : pingIds()) {
                if (!answered.contains(id)) {
                    answered.add(id);
                    delivery.acknowledged(result(jid, id));
                }
            }
        }

        @Override
        public Jid jid() {
            return jid;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public XmlElement presence() {
            return null;
        }

        @Override
        public void send(XmlElement stanza) {
            sent.add(stanza);
        }

        @Override
        public void close(StreamErrorCondition condition, String text) {
        }

        @Override
        public <T> T get(SessionKey<T> key) {
            return null;
        }

        @Override
        public <T> void set(SessionKey<T> key, T value) {
        }
    }
}
