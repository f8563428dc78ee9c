package causse.server;

import static causse.server.SmackServerExtension.inbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jivesoftware.smackx.time.packet.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** Smack, an independent client library, against a real Causse: RFC 6120 login, routing and the server's modules. */
class C2sSmackTest {
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("alice", "bob", "carol", "dave", "erin");

    private XMPPTCPConnection login(String user, String resource) throws Exception {
        return smack.login(user, resource);
    }

    private static EntityBareJid bare(String user) throws Exception {
        return JidCreate.entityBareFrom(user + "@" + TestServer.DOMAIN);
    }

    private static void available(XMPPTCPConnection c, int priority) throws Exception {
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available)
                .setPriority(priority).build());
    }

    @Test
    void startTlsThenScramSha1BindsTheRequestedResource() throws Exception {
        XMPPTCPConnection c = login("alice", "phone");
        assertThat(c.isSecureConnection()).isTrue();
        assertThat(c.isAuthenticated()).isTrue();
        assertThat(c.getUsedSaslMechansism()).isEqualTo("SCRAM-SHA-1");
        assertThat(c.getUser().toString()).isEqualTo("alice@localhost/phone");
    }

    @Test
    void wrongPasswordIsRefusedWithNotAuthorized() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smack.server().smackConfig("alice", "wrong", "x").build());
        smack.track(c);
        c.connect();
        assertThatThrownBy(c::login).isInstanceOfSatisfying(SASLErrorException.class,
                e -> assertThat(e.getSASLFailure().getSASLError()).isEqualTo(org.jivesoftware.smack.sasl.SASLError.not_authorized));
    }

    @Test
    void unknownAccountGetsTheSameRefusalAsAWrongPassword() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smack.server().smackConfig("nobody", "wrong", "x").build());
        smack.track(c);
        c.connect();
        assertThatThrownBy(c::login).isInstanceOfSatisfying(SASLErrorException.class,
                e -> assertThat(e.getSASLFailure().getSASLError()).isEqualTo(org.jivesoftware.smack.sasl.SASLError.not_authorized));
    }

    @Test
    void twoAccountsExchangeMessagesWithServerStampedFrom() throws Exception {
        XMPPTCPConnection alice = login("alice", "a");
        XMPPTCPConnection bob = login("bob", "b");
        available(alice, 0);
        available(bob, 0);
        BlockingQueue<Message> aliceInbox = inbox(alice);
        BlockingQueue<Message> bobInbox = inbox(bob);
        awaitPriority("alice", 1);
        awaitPriority("bob", 1);

        alice.sendStanza(MessageBuilder.buildMessage().to(bare("bob")).ofType(Message.Type.chat)
                .from(JidCreate.from("mallory@localhost/forged")).setBody("hello bob, é日本😀").build());
        Message got = bobInbox.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.getBody()).isEqualTo("hello bob, é日本😀");
        assertThat(got.getFrom().toString()).isEqualTo("alice@localhost/a");

        bob.sendStanza(MessageBuilder.buildMessage().to(got.getFrom()).ofType(Message.Type.chat).setBody("hi alice").build());
        Message reply = aliceInbox.poll(10, TimeUnit.SECONDS);
        assertThat(reply).isNotNull();
        assertThat(reply.getBody()).isEqualTo("hi alice");
        assertThat(reply.getFrom().toString()).isEqualTo("bob@localhost/b");
    }

    @Test
    void messageToBareJidGoesToHighestNonNegativePriorityAndToAllWhenTied() throws Exception {
        XMPPTCPConnection sender = login("carol", "s");
        available(sender, 0);
        XMPPTCPConnection low = login("dave", "low");
        XMPPTCPConnection high = login("dave", "high");
        XMPPTCPConnection negative = login("dave", "negative");
        Map<String, BlockingQueue<Message>> inboxes = new ConcurrentHashMap<>();
        inboxes.put("low", inbox(low));
        inboxes.put("high", inbox(high));
        inboxes.put("negative", inbox(negative));
        available(low, 1);
        available(high, 5);
        available(negative, -1);
        awaitPriority("dave", 3);

        send(sender, "dave", "one");
        assertThat(inboxes.get("high").poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("one");

        available(low, 5);   // now tied with "high": both get the next one
        await().atMost(Duration.ofSeconds(10)).until(() -> smack.server().server().sessions().sessionsOf(
                causse.jid.Jid.parse("dave@localhost")).stream().filter(s -> s.priority() == 5).count() == 2);
        send(sender, "dave", "two");
        assertThat(inboxes.get("high").poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("two");
        assertThat(inboxes.get("low").poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("two");

        // A full JID reaches even a negative-priority resource.
        sender.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from("dave@localhost/negative"))
                .ofType(Message.Type.chat).setBody("three").build());
        assertThat(inboxes.get("negative").poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("three");

        // The negative resource never got a bare-JID message, and no one got anything twice.
        assertThat(inboxes.get("negative")).isEmpty();
        assertThat(inboxes.get("high")).isEmpty();
        assertThat(inboxes.get("low")).isEmpty();
    }

    @Test
    void messageToAccountWithOnlyNegativePriorityIsKeptOfflineUntilItsPriorityIsNonNegative() throws Exception {
        XMPPTCPConnection sender = login("carol", "s2");
        available(sender, 0);
        XMPPTCPConnection negative = login("erin", "n");
        BlockingQueue<Message> negativeInbox = inbox(negative);
        available(negative, -5);
        awaitPriority("erin", 1);
        send(sender, "erin", "nobody takes this now");
        // the answer to a ping comes after the server has handled the message sent before it
        assertThat(PingManager.getInstanceFor(sender).ping(JidCreate.domainBareFrom(TestServer.DOMAIN))).isTrue();
        // Stored offline (XEP-0160) rather than delivered: it arrives, delay-stamped, once erin takes messages.
        available(negative, 1);
        Message got = negativeInbox.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.getBody()).isEqualTo("nobody takes this now");
        assertThat(org.jivesoftware.smackx.delay.packet.DelayInformation.from(got)).isNotNull();
    }

    private void awaitPriority(String user, int availableResources) {
        await().atMost(Duration.ofSeconds(10)).until(() -> smack.server().server().sessions()
                .sessionsOf(causse.jid.Jid.parse(user + "@localhost")).stream()
                .filter(s -> s.isAvailable()).count() == availableResources);
    }

    private static void send(XMPPTCPConnection from, String to, String body) throws Exception {
        from.sendStanza(MessageBuilder.buildMessage().to(bare(to)).ofType(Message.Type.chat).setBody(body).build());
    }

    @Test
    void bindingAResourceAlreadyInUseReplacesTheOldSessionWithConflict() throws Exception {
        XMPPTCPConnection first = login("bob", "desk");
        List<Exception> closedWith = new CopyOnWriteArrayList<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closedWith.add(e);
            }
        });
        XMPPTCPConnection second = login("bob", "desk");
        await().atMost(Duration.ofSeconds(10)).until(() -> !closedWith.isEmpty());
        assertThat(closedWith.get(0)).isInstanceOfSatisfying(XMPPException.StreamErrorException.class,
                e -> assertThat(e.getStreamError().getCondition()).isEqualTo(StreamError.Condition.conflict));
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(PingManager.getInstanceFor(second).pingMyServer()).isTrue();
    }

    @Test
    void iqToAnUnknownResourceGetsServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = login("alice", "iq");
        assertThatThrownBy(() -> alice.sendIqRequestAndWaitForResponse(
                new org.jivesoftware.smackx.ping.packet.Ping(JidCreate.entityFullFrom("bob@localhost/nowhere"))))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
                        e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void serverAnswersDiscoPingVersionAndTime() throws Exception {
        XMPPTCPConnection alice = login("alice", "modules");
        var domain = JidCreate.domainBareFrom(TestServer.DOMAIN);
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(domain);
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("server");
            assertThat(i.getType()).isEqualTo("im");
        });
        assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
        assertThat(info.containsFeature("jabber:iq:version")).isTrue();
        assertThat(info.containsFeature("urn:xmpp:time")).isTrue();
        assertThat(info.containsFeature("http://jabber.org/protocol/disco#items")).isTrue();

        assertThat(PingManager.getInstanceFor(alice).pingMyServer()).isTrue();
        Version version = VersionManager.getInstanceFor(alice).getVersion(domain);
        assertThat(version.getName()).isEqualTo("Causse");
        assertThat(version.getOs()).isNull();
        Time time = EntityTimeManager.getInstanceFor(alice).getTime(domain);
        assertThat(time.getTime()).isCloseTo(new java.util.Date(), 60_000);

        assertThatThrownBy(() -> ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(domain, "no-such-node"))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
                        e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    }

    @Test
    void shutdownSendsSystemShutdownToConnectedClients(@TempDir Path otherDir) throws Exception {
        TestServer other = TestServer.start(otherDir);
        other.addUser("zoe");
        XMPPTCPConnection zoe = other.login("zoe", "z");
        List<Exception> closedWith = new CopyOnWriteArrayList<>();
        zoe.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closedWith.add(e);
            }
        });
        other.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !closedWith.isEmpty());
        assertThat(closedWith.get(0)).isInstanceOfSatisfying(XMPPException.StreamErrorException.class,
                e -> assertThat(e.getStreamError().getCondition()).isEqualTo(StreamError.Condition.system_shutdown));
        assertThatThrownBy(() -> other.login("zoe", "again")).isInstanceOf(SmackException.class);
    }
}
