package causse.server.modules.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.SmackServerExtension;
import causse.server.TestServer;
import causse.server.config.ModuleOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** XEP-0160 offline storage with XEP-0203 delay stamps, against a real server with a limit of 3 messages. */
class OfflineMessagesTest {
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.configured(c -> c.withModules(Map.of("offline",
            ModuleOptions.of("offline", Map.of("max_messages", 3)))), "alice", "bob", "carol", "dave");
    static OfflineStorageProbe probe;

    @BeforeAll
    static void start() throws Exception {
        probe = new OfflineStorageProbe(smack.server().server().config());
    }

    @AfterAll
    static void stop() {
        probe.close();
    }

    /** Connected and authenticated; with {@code presence} false it sends no initial presence. */
    private XMPPTCPConnection login(String user, String resource, boolean presence, BlockingQueue<Message> inbox)
            throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smack.server().smackConfig(user, TestServer.PASSWORD, resource)
                .setSendPresence(presence).build());
        smack.track(c);
        if (inbox != null) {
            c.addSyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);
        }
        c.connect().login();
        return c;
    }

    private static void send(XMPPTCPConnection from, String to, Message.Type type, String body) throws Exception {
        from.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from(to + "@localhost")).ofType(type)
                .setBody(body).build());
    }

    @Test
    void storedWhileOfflineAndDeliveredInOrderWithDelayToTheFirstNonNegativeResource() throws Exception {
        XMPPTCPConnection alice = login("alice", "a", true, null);
        BlockingQueue<Message> negativeInbox = new LinkedBlockingQueue<>();
        XMPPTCPConnection negative = login("bob", "negative", false, negativeInbox);
        negative.sendStanza(negative.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available)
                .setPriority(-1).build());

        Instant before = Instant.now().minusSeconds(1);
        send(alice, "bob", Message.Type.chat, "one");
        send(alice, "bob", Message.Type.headline, "news: never stored");
        send(alice, "bob", Message.Type.normal, "two");
        send(alice, "bob", Message.Type.chat, "three");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.count("bob@localhost") == 3);

        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        login("bob", "desk", true, inbox);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("offline message %d", i + 1).isNotNull();
            bodies.add(m.getBody());
            DelayInformation delay = DelayInformation.from(m);
            assertThat(delay).isNotNull();
            assertThat(delay.getFrom()).isEqualTo("localhost");
            assertThat(delay.getStamp().toInstant()).isBetween(before, Instant.now());
            assertThat(m.getFrom().toString()).isEqualTo("alice@localhost/a");
        }
        assertThat(bodies).containsExactly("one", "two", "three");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.count("bob@localhost") == 0);
        assertThat(inbox).isEmpty();
        assertThat(negativeInbox).isEmpty();
    }

    @Test
    void messageToAnAccountThatDoesNotExistBouncesWithServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = login("alice", "b", true, null);
        try (StanzaCollector errors = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            send(alice, "nobody", Message.Type.chat, "hello?");
            Message error = errors.nextResult(10_000);
            assertThat(error).isNotNull();
            assertThat(error.getType()).isEqualTo(Message.Type.error);
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
            assertThat(error.getFrom().toString()).isEqualTo("nobody@localhost");
        }
    }

    @Test
    void overTheLimitTheSenderGetsServiceUnavailableAndTheStoredOnesStillArrive() throws Exception {
        XMPPTCPConnection alice = login("alice", "c", true, null);
        try (StanzaCollector errors = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            for (int i = 1; i <= 4; i++) {
                send(alice, "carol", Message.Type.chat, "m" + i);
            }
            Message error = errors.nextResult(10_000);
            assertThat(error).isNotNull();
            assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
            assertThat(error.getBody()).isEqualTo("m4");
        }
        assertThat(probe.count("carol@localhost")).isEqualTo(3);
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        login("carol", "phone", true, inbox);
        for (String expected : List.of("m1", "m2", "m3")) {
            Message m = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getBody()).isEqualTo(expected);
        }
    }

    @Test
    void aChatMessageWithOnlyAChatStateIsNotStored() throws Exception {
        XMPPTCPConnection alice = login("alice", "e", true, null);
        alice.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from("dave@localhost")).ofType(Message.Type.chat)
                .addExtension(new org.jivesoftware.smackx.chatstates.packet.ChatStateExtension(
                        org.jivesoftware.smackx.chatstates.ChatState.composing)).build());
        send(alice, "dave", Message.Type.chat, "the real one");
        // stores for one account run in order, so once the second is stored the first was judged
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.count("dave@localhost") == 1);
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        login("dave", "d", true, inbox);
        Message m = inbox.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.getBody()).isEqualTo("the real one");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.count("dave@localhost") == 0);
        assertThat(inbox).isEmpty();
    }

    @Test
    void serverAdvertisesMsgoffline() throws Exception {
        XMPPTCPConnection alice = login("alice", "d", true, null);
        assertThat(ServiceDiscoveryManager.getInstanceFor(alice)
                .discoverInfo(JidCreate.domainBareFrom("localhost")).containsFeature("msgoffline")).isTrue();
    }
}
