package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.s2s.auth.TestCa;
import causse.server.s2s.FederatedServers;
import causse.server.s2s.FederationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Federation with an independently written server: Prosody from Debian, started by the test with the domain
 * prosody.test, resolving causse.test through the test's DNS server (and Causse resolving prosody.test there).
 * Messages go both ways, once with certificates from a CA both trust (SASL EXTERNAL, Prosody with
 * s2s_secure_auth) and once with certificates neither trusts (dialback).
 */
class ProsodyInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @BeforeAll
    static void prosodyIsInstalled() {
        DebianPeers.require("prosody (apt-get install prosody; .ci/run installs it)", ProsodyPeer.installed());
    }

    @Test
    void messagesBothWaysWithTrustedCertificates(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir.resolve("causse"))) {
            TestServer causse = net.start("causse.test", true, "certificate_required");
            Path ca = net.ca.writeCertificate(dir.resolve("ca.pem"));
            try (ProsodyPeer prosody = ProsodyPeer.start(dir.resolve("prosody"), "prosody.test", net.ca, ca, true,
                    net.dns.address(), "bob")) {
                publish(net, prosody);
                exchange(causse, prosody);
            }
        }
    }

    @Test
    void messagesBothWaysByDialbackWithUntrustedCertificates(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir.resolve("causse"))) {
            TestServer causse = net.start("causse.test", false, "dialback_allowed");
            TestCa own = new TestCa("Prosody's own CA");
            Path unrelated = new TestCa("Unrelated CA").writeCertificate(dir.resolve("unrelated.pem"));
            try (ProsodyPeer prosody = ProsodyPeer.start(dir.resolve("prosody"), "prosody.test", own, unrelated, false,
                    net.dns.address(), "bob")) {
                publish(net, prosody);
                exchange(causse, prosody);
            }
        }
    }

    private static void publish(FederatedServers net, ProsodyPeer prosody) {
        net.dns.srv("_xmpp-server._tcp", "prosody.test", 0, 0, prosody.s2sPort(), "xmpp.prosody.test")
                .a("xmpp.prosody.test", "127.0.0.1");
    }

    private static void exchange(TestServer causse, ProsodyPeer prosody) throws Exception {
        causse.server().accounts().add("alice@causse.test", TestServer.PASSWORD);
        XMPPTCPConnection alice = causse.login("causse.test", "alice", TestServer.PASSWORD, "phone");
        XMPPTCPConnection bob = prosody.login("bob", "desk");
        BlockingQueue<Message> aliceInbox = FederationTest.inbox(alice);
        BlockingQueue<Message> bobInbox = FederationTest.inbox(bob);
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().build());
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().build());
        await().until(() -> causse.server().sessions().sessionsOf(Jid.parse("alice@causse.test")).get(0).isAvailable());

        alice.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom("bob@prosody.test"))
                .ofType(Message.Type.chat).setBody("hello Prosody").build());
        Message atBob = bobInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atBob).as("message at Prosody; its log:\n%s", prosody.log()).isNotNull();
        assertThat(atBob.getBody()).isEqualTo("hello Prosody");
        assertThat(atBob.getFrom().toString()).isEqualTo("alice@causse.test/phone");

        bob.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityFullFrom("alice@causse.test/phone"))
                .ofType(Message.Type.chat).setBody("hello Causse").build());
        Message atAlice = aliceInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atAlice).as("message from Prosody; its log:\n%s", prosody.log()).isNotNull();
        assertThat(atAlice.getBody()).isEqualTo("hello Causse");
        assertThat(atAlice.getFrom().toString()).isEqualTo("bob@prosody.test/desk");
        alice.disconnect();
        bob.disconnect();
    }
}
