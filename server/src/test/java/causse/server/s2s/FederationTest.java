package causse.server.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.s2s.S2sModule;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import causse.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Two real Causse servers, a.test and b.test, federating over loopback: each finds the other through a DNS
 * server started by the test. Smack clients on each side exchange messages, a presence subscription and IQs,
 * with trusted certificates (SASL EXTERNAL) and with self-signed ones (dialback).
 */
public class FederationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void trustedCertificatesFederateBySaslExternal(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            // certificate_required: if EXTERNAL did not work, dialback would be refused and nothing would pass
            TestServer a = net.start("a.test", true, "certificate_required");
            TestServer b = net.start("b.test", true, "certificate_required");
            exchange(a, b);
            subscribeAndSeePresence(a, b);
            // Each side proved itself to the other by EXTERNAL: one stream each way, stanzas counted both ways.
            for (TestServer s : List.of(a, b)) {
                assertThat(counted(s, "causse.s2s.auth", "direction", "out", "method", "external", "result", "ok"))
                        .isEqualTo(1);
                assertThat(counted(s, "causse.s2s.auth", "direction", "in", "method", "external", "result", "ok"))
                        .isEqualTo(1);
                assertThat(counted(s, "causse.s2s.auth", "direction", "out", "method", "dialback", "result", "ok"))
                        .isZero();
                assertThat(gauge(s, "causse.s2s.streams", "direction", "out")).isEqualTo(1);
                assertThat(gauge(s, "causse.s2s.streams", "direction", "in")).isEqualTo(1);
                assertThat(counted(s, "causse.s2s.stanzas", "direction", "out")).isPositive();
                assertThat(counted(s, "causse.s2s.stanzas", "direction", "in")).isPositive();
            }
        }
    }

    @Test
    void selfSignedCertificatesFederateByDialback(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer a = net.start("a.test", false, "dialback_allowed");
            TestServer b = net.start("b.test", false, "dialback_allowed");
            exchange(a, b);
            assertThat(counted(a, "causse.s2s.auth", "direction", "out", "method", "dialback", "result", "ok"))
                    .isEqualTo(1);
            assertThat(counted(b, "causse.s2s.auth", "direction", "in", "method", "dialback", "result", "ok"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aDomainWithoutDnsRecordsBouncesRemoteServerNotFound(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer a = net.start("a.test", false, "dialback_allowed");
            a.server().accounts().add("alice@a.test", TestServer.PASSWORD);
            XMPPTCPConnection alice = a.login("a.test", "alice", TestServer.PASSWORD, "phone");
            BlockingQueue<Message> inbox = inbox(alice);
            alice.sendStanza(MessageBuilder.buildMessage("m1").to(JidCreate.entityBareFrom("carol@nowhere.test"))
                    .ofType(Message.Type.chat).setBody("anyone?").build());
            Message error = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.getType()).isEqualTo(Message.Type.error);
            assertThat(error.getStanzaId()).isEqualTo("m1");
            assertThat(error.getFrom().toString()).isEqualTo("carol@nowhere.test");
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.remote_server_not_found);
            assertThat(counted(a, "causse.s2s.bounced")).isEqualTo(1);
            alice.disconnect();
        }
    }

    @Test
    void directTlsTargetsWorkAndADeadTargetIsSkipped(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer a = net.startUnpublished("a.test", true, "certificate_required", Map.of());
            TestServer b = net.start("b.test", true, "certificate_required");
            int deadPort;
            try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                deadPort = released.getLocalPort();   // nobody listens there once this closes
            }
            // a.test: first a refused address, then its Direct TLS listener (XEP-0368), nothing on STARTTLS
            net.dns.srv("_xmpps-server._tcp", "a.test", 0, 0, deadPort, "dead.a.test").a("dead.a.test", "127.0.0.1")
                    .srv("_xmpps-server._tcp", "a.test", 10, 0, FederatedServers.directTlsPort(a), "xmpps.a.test")
                    .a("xmpps.a.test", "127.0.0.1");
            exchange(a, b);
        }
    }

    @Test
    void aPeerThatNeverAnswersBouncesRemoteServerTimeout(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir);
             ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // the kernel accepts the connection; nobody ever writes a stream header
            net.dns.srv("_xmpp-server._tcp", "silent.test", 0, 0, silent.getLocalPort(), "xmpp.silent.test")
                    .a("xmpp.silent.test", "127.0.0.1");
            TestServer a = net.startUnpublished("a.test", false, "dialback_allowed", Map.of("connect_timeout", 1));
            a.server().accounts().add("alice@a.test", TestServer.PASSWORD);
            XMPPTCPConnection alice = a.login("a.test", "alice", TestServer.PASSWORD, "phone");
            BlockingQueue<Message> inbox = inbox(alice);
            for (String id : new String[] {"q1", "q2"}) {
                alice.sendStanza(MessageBuilder.buildMessage(id).to(JidCreate.entityBareFrom("dave@silent.test"))
                        .ofType(Message.Type.chat).setBody("are you there?").build());
            }
            for (String id : new String[] {"q1", "q2"}) {   // both were queued, both come back, in order
                Message error = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(error).isNotNull();
                assertThat(error.getStanzaId()).isEqualTo(id);
                assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.remote_server_timeout);
            }
            alice.disconnect();
        }
    }

    @Test
    void anIdleStreamClosesAndReopensOnDemand(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer a = net.startUnpublished("a.test", false, "dialback_allowed", Map.of("idle_timeout", 1));
            net.dns.srv("_xmpp-server._tcp", "a.test", 0, 0, FederatedServers.s2sPort(a), "xmpp.a.test")
                    .a("xmpp.a.test", "127.0.0.1");
            TestServer b = net.start("b.test", false, "dialback_allowed");
            exchange(a, b);
            S2sModule s2s = a.server().module(S2sModule.class).orElseThrow();
            await().atMost(WAIT).until(() -> s2s.outgoingConnections() == 0);
            assertThat(gauge(a, "causse.s2s.streams", "direction", "out")).isZero();
            exchange(a, b);
            assertThat(gauge(a, "causse.s2s.streams", "direction", "out")).isEqualTo(1);
        }
    }

    @Test
    void withoutTheModuleStanzasForOtherDomainsBounceAtOnce(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir)) {   // s2s is off by default
            server.addUser("alice");
            XMPPTCPConnection alice = server.login("alice", "phone");
            BlockingQueue<Message> inbox = inbox(alice);
            alice.sendStanza(MessageBuilder.buildMessage("m2").to(JidCreate.entityBareFrom("carol@elsewhere.test"))
                    .ofType(Message.Type.chat).setBody("hello?").build());
            Message error = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.remote_server_not_found);
            assertThat(server.server().module(S2sModule.class)).isEmpty();
            assertThat(server.server().metrics().find("causse.s2s.stanzas").meters()).isEmpty();
            alice.disconnect();
        }
    }

    private static double counted(TestServer s, String name, String... tags) {
        return s.server().metrics().get(name).tags(tags).counter().count();
    }

    private static double gauge(TestServer s, String name, String... tags) {
        return s.server().metrics().get(name).tags(tags).gauge().value();
    }

    private static void exchange(TestServer a, TestServer b) throws Exception {
        if (a.server().accounts().list("a.test").isEmpty()) {
            a.server().accounts().add("alice@a.test", TestServer.PASSWORD);
            b.server().accounts().add("bob@b.test", TestServer.PASSWORD);
        }
        XMPPTCPConnection alice = a.login("a.test", "alice", TestServer.PASSWORD, "phone");
        XMPPTCPConnection bob = b.login("b.test", "bob", TestServer.PASSWORD, "desk");
        BlockingQueue<Message> aliceInbox = inbox(alice);
        BlockingQueue<Message> bobInbox = inbox(bob);
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().build());
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().build());
        await().atMost(WAIT).until(() -> available(a, "alice@a.test") && available(b, "bob@b.test"));

        alice.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom("bob@b.test"))
                .ofType(Message.Type.chat).setBody("hello from a").build());
        Message atBob = bobInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atBob).isNotNull();
        assertThat(atBob.getBody()).isEqualTo("hello from a");
        assertThat(atBob.getFrom().toString()).isEqualTo("alice@a.test/phone");

        bob.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityFullFrom("alice@a.test/phone"))
                .ofType(Message.Type.chat).setBody("hello from b").build());
        Message atAlice = aliceInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atAlice).isNotNull();
        assertThat(atAlice.getBody()).isEqualTo("hello from b");
        assertThat(atAlice.getFrom().toString()).isEqualTo("bob@b.test/desk");

        // IQs both ways: to the remote server itself and to a remote client, answers routed back
        assertThat(PingManager.getInstanceFor(alice).ping(JidCreate.domainBareFrom("b.test"))).isTrue();
        assertThat(PingManager.getInstanceFor(bob).ping(JidCreate.from("alice@a.test/phone"))).isTrue();
        alice.disconnect();
        bob.disconnect();
    }

    private static void subscribeAndSeePresence(TestServer a, TestServer b) throws Exception {
        XMPPTCPConnection alice = a.login("a.test", "alice", TestServer.PASSWORD, "laptop");
        XMPPTCPConnection bob = b.login("b.test", "bob", TestServer.PASSWORD, "tablet");
        Roster.getInstanceFor(bob).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster aliceRoster = Roster.getInstanceFor(alice);
        aliceRoster.reloadAndWait();
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().build());
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().build());
        aliceRoster.createItemAndRequestSubscription(JidCreate.entityBareFrom("bob@b.test"), "Bob", null);
        await().atMost(WAIT).until(() -> {
            RosterEntry entry = aliceRoster.getEntry(JidCreate.entityBareFrom("bob@b.test"));
            return entry != null && entry.canSeeHisPresence();
        });
        await().atMost(WAIT).until(() -> aliceRoster.getPresence(JidCreate.entityBareFrom("bob@b.test")).isAvailable());
        alice.disconnect();
        bob.disconnect();
    }

    private static boolean available(TestServer server, String bareJid) {
        return server.server().sessions().sessionsOf(Jid.parse(bareJid)).stream().anyMatch(s -> s.isAvailable());
    }

    /** The messages {@code c} receives, in the order it receives them (a sync listener: async ones may reorder). */
    public static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);
        return inbox;
    }
}
