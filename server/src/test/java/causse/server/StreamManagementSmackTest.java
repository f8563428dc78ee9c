package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.config.StreamManagementConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityFullJid;

/** Stream management (XEP-0198) with Smack, which enables it with resumption whenever a server offers it. */
class StreamManagementSmackTest {
    static final Duration RESUME_TIMEOUT = Duration.ofSeconds(3);

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.configured(
            c -> c.withStreamManagement(new StreamManagementConfig(true, RESUME_TIMEOUT, 5000)),
            "romeo", "juliet", "nurse", "tybalt", "mercutio", "benvolio");

    /** The bodies of the messages a connection receives, in the order they arrive (a synchronous listener). */
    private static final class Bodies {
        private final List<String> received = new ArrayList<>();

        Bodies(XMPPTCPConnection c) {
            c.addSyncStanzaListener(s -> {
                synchronized (received) {
                    received.add(((Message) s).getBody());
                }
            }, StanzaTypeFilter.MESSAGE);
        }

        List<String> now() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        void awaitAtLeast(int count) {
            await().atMost(Duration.ofSeconds(20)).until(() -> now().size() >= count);
        }

        void awaitBody(String body) {
            await().atMost(Duration.ofSeconds(10)).until(() -> now().contains(body));
        }
    }

    /** Sessions kept for their client to resume, on the whole server: other tests may leave some. */
    private static int waiting() {
        return smack.server().server().resumableSessionsWaiting();
    }

    private static Message chat(XMPPTCPConnection from, EntityFullJid to, String body) {
        return from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body).build();
    }

    @Test
    void smackEnablesItAndTheServerAcknowledgesWhatSmackSends() throws Exception {
        XMPPTCPConnection romeo = smack.login("romeo", "acks");
        XMPPTCPConnection juliet = smack.login("juliet", "acks");
        assertThat(romeo.isSmEnabled()).isTrue();
        assertThat(romeo.isSmResumptionPossible()).isTrue();
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        // A synchronous listener sees messages in the order they arrived; asynchronous ones may not.
        juliet.addSyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);
        CountDownLatch acknowledged = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            Message m = chat(romeo, juliet.getUser(), "ack " + i);
            romeo.addStanzaIdAcknowledgedListener(m.getStanzaId(), s -> acknowledged.countDown());
            romeo.sendStanza(m);
        }
        assertThat(acknowledged.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(inbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("ack " + i);
        }
    }

    @Test
    void aKilledConnectionIsResumedAndGetsWhatWasSentMeanwhileOnce() throws Exception {
        XMPPTCPConnection romeo = smack.login("romeo", "sender");
        XMPPTCPConnection juliet = smack.login("juliet", "phone");
        EntityFullJid julietJid = juliet.getUser();
        Bodies received = new Bodies(juliet);
        romeo.sendStanza(chat(romeo, julietJid, "before"));
        received.awaitBody("before");

        int waiting = waiting();
        juliet.instantShutdown();   // no </stream:stream>: the network went away
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == waiting + 1);
        for (int i = 1; i <= 3; i++) {
            romeo.sendStanza(chat(romeo, julietJid, "while away " + i));
        }
        juliet.connect().login();
        assertThat(juliet.streamWasResumed()).isTrue();
        assertThat(juliet.getUser().toString()).isEqualTo(julietJid.toString());
        received.awaitAtLeast(4);
        // A last message through the resumed stream: everything before it has arrived, nothing twice.
        romeo.sendStanza(chat(romeo, julietJid, "after"));
        received.awaitBody("after");
        assertThat(received.now()).containsExactly("before", "while away 1", "while away 2", "while away 3", "after");
    }

    @Test
    void othersSeeAKilledSessionGoUnavailableOnlyWhenItWasNotResumedInTime() throws Exception {
        XMPPTCPConnection nurse = smack.login("nurse", "watching");
        XMPPTCPConnection tybalt = smack.login("tybalt", "gone");
        BlockingQueue<Presence> seen = new LinkedBlockingQueue<>();
        nurse.addSyncStanzaListener(p -> seen.add((Presence) p), StanzaTypeFilter.PRESENCE);
        tybalt.sendStanza(tybalt.getStanzaFactory().buildPresenceStanza().to(nurse.getUser()).build());
        Presence available = seen.poll(10, TimeUnit.SECONDS);
        assertThat(available).isNotNull();
        assertThat(available.getType()).isEqualTo(Presence.Type.available);

        int waiting = waiting();
        long killed = System.nanoTime();
        tybalt.instantShutdown();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting() == waiting + 1);
        assertThat(seen).isEmpty();   // still online while it may come back
        Presence unavailable = seen.poll(RESUME_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        assertThat(unavailable).isNotNull();
        assertThat(unavailable.getType()).isEqualTo(Presence.Type.unavailable);
        assertThat(unavailable.getFrom().toString()).isEqualTo("tybalt@localhost/gone");
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isGreaterThanOrEqualTo(RESUME_TIMEOUT);
    }

    @Test
    void aConnectionKilledTwiceUnderTrafficLosesNothingAndDuplicatesNothing() throws Exception {
        XMPPTCPConnection sender = smack.login("mercutio", "steady");
        XMPPTCPConnection receiver = smack.login("benvolio", "flaky");
        EntityFullJid to = receiver.getUser();
        Bodies received = new Bodies(receiver);
        int total = 300;
        Thread traffic = new Thread(() -> {
            try {
                for (int i = 0; i < total; i++) {
                    sender.sendStanza(chat(sender, to, Integer.toString(i)));
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        traffic.start();
        for (int kill = 1; kill <= 2; kill++) {
            received.awaitAtLeast(kill * total / 3);
            receiver.instantShutdown();
            receiver.connect().login();
            assertThat(receiver.streamWasResumed()).isTrue();
        }
        traffic.join(30_000);
        received.awaitAtLeast(total);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(received.now()).containsExactlyElementsOf(expected);
    }
}
