package causse.server;

import causse.jid.Jid;
import causse.server.s2s.FederatedServers;
import causse.server.s2s.FederationTest;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Another XMPP server (Prosody, ejabberd) started by an interop test, with one account {@code bob}. */
interface FederationPeer extends AutoCloseable {
    Duration WAIT = Duration.ofSeconds(45);

    String domain();

    int s2sPort();

    /** A logged-in Smack client of {@code user} on this peer. */
    XMPPTCPConnection login(String user, String resource) throws Exception;

    /** The peer's log, for failure messages. */
    String log() throws Exception;

    @Override
    void close();

    /** Publishes this peer's s2s port in the test's DNS as {@code _xmpp-server._tcp.<domain>}. */
    default void publish(FederatedServers net) {
        net.dns.srv("_xmpp-server._tcp", domain(), 0, 0, s2sPort(), "xmpp." + domain()).a("xmpp." + domain(), "127.0.0.1");
    }

    /** alice@causse.test and bob@<peer> exchange one message each way. */
    default void exchangeWith(TestServer causse) throws Exception {
        causse.server().accounts().add("alice@causse.test", TestServer.PASSWORD);
        XMPPTCPConnection alice = causse.login("causse.test", "alice", TestServer.PASSWORD, "phone");
        XMPPTCPConnection bob = login("bob", "desk");
        BlockingQueue<Message> aliceInbox = FederationTest.inbox(alice);
        BlockingQueue<Message> bobInbox = FederationTest.inbox(bob);
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().build());
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().build());
        await().until(() -> causse.server().sessions().sessionsOf(Jid.parse("alice@causse.test")).get(0).isAvailable());

        String bobJid = "bob@" + domain();
        alice.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom(bobJid))
                .ofType(Message.Type.chat).setBody("hello from Causse").build());
        Message atBob = bobInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atBob).as("message at %s; its log:\n%s", domain(), log()).isNotNull();
        assertThat(atBob.getBody()).isEqualTo("hello from Causse");
        assertThat(atBob.getFrom().toString()).isEqualTo("alice@causse.test/phone");

        bob.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityFullFrom("alice@causse.test/phone"))
                .ofType(Message.Type.chat).setBody("hello Causse").build());
        Message atAlice = aliceInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atAlice).as("message from %s; its log:\n%s", domain(), log()).isNotNull();
        assertThat(atAlice.getBody()).isEqualTo("hello Causse");
        assertThat(atAlice.getFrom().toString()).isEqualTo(bobJid + "/desk");
        alice.disconnect();
        bob.disconnect();
    }
}
