package causse.server.modules.carbons;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.SmackServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Message Carbons (XEP-0280) with three resources of alice (a and b enable carbons, c does not) and bob. Each test
 * ends with a marker message to every resource, so "the marker comes next" proves nothing else was delivered.
 */
class CarbonsModuleTest {
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("alice", "bob");
    private XMPPTCPConnection a;
    private XMPPTCPConnection b;
    private XMPPTCPConnection c;
    private XMPPTCPConnection bob;
    private BlockingQueue<String> atA;
    private BlockingQueue<String> atB;
    private BlockingQueue<String> atC;

    @BeforeAll
    static void start() throws Exception {
        // Smack's generic extension parser trips an assertion on the default xmlns of <private/>: parse it ourselves.
        ProviderManager.addExtensionProvider("private", "urn:xmpp:carbons:2",
                new ExtensionElementProvider<CarbonExtension.Private>() {
                    @Override
                    public CarbonExtension.Private parse(XmlPullParser parser, int initialDepth, XmlEnvironment env)
                            throws XmlPullParserException, IOException {
                        ParserUtils.forwardToEndTagOfDepth(parser, initialDepth);
                        return CarbonExtension.Private.INSTANCE;
                    }
                });
    }

    private XMPPTCPConnection login(String user, String resource, int priority) throws Exception {
        XMPPTCPConnection conn = smack.login(user, resource);
        conn.sendStanza(conn.getStanzaFactory().buildPresenceStanza().setPriority(priority).build());
        return conn;
    }

    /** Every message as "direct:body", "received:body" or "sent:body". */
    private static BlockingQueue<String> inbox(XMPPTCPConnection conn) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        conn.addSyncStanzaListener(s -> {
            Message m = (Message) s;
            CarbonExtension carbon = CarbonExtension.from(m);
            q.add(carbon == null ? "direct:" + m.getBody() : carbon.getDirection().name()
                    + ":" + carbon.getForwarded().getForwardedStanza().getBody());
        }, StanzaTypeFilter.MESSAGE);
        return q;
    }

    private void setUp() throws Exception {
        a = login("alice", "a", 1);
        b = login("alice", "b", 0);
        c = login("alice", "c", 0);
        bob = login("bob", "r", 0);
        atA = inbox(a);
        atB = inbox(b);
        atC = inbox(c);
        CarbonManager.getInstanceFor(a).enableCarbons();
        CarbonManager.getInstanceFor(b).enableCarbons();
        // Enabling twice is no error (XEP-0280 §11.1).
        CarbonManager.getInstanceFor(b).enableCarbons();
    }

    private static void send(XMPPTCPConnection from, String to, Message.Type type, String body, boolean priv)
            throws Exception {
        MessageBuilder m = from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to)).ofType(type)
                .setBody(body);
        if (priv) {
            m.addExtension(CarbonExtension.Private.INSTANCE);
        }
        from.sendStanza(m.build());
    }

    private void markEveryResource() throws Exception {
        for (String r : List.of("a", "b", "c")) {
            send(bob, "alice@localhost/" + r, Message.Type.headline, "marker", false);
        }
    }

    /** Copies and originals come from different connections, so only their set is fixed, not their order. */
    private static void expect(BlockingQueue<String> q, String... items) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            String item = q.poll(10, TimeUnit.SECONDS);
            assertThat(item).as("message %d after %s", i, got).isNotNull();
            got.add(item);
        }
        assertThat(got).containsExactlyInAnyOrder(items);
    }

    /**
     * Sent once every expected message has arrived: a copy is written before its original is routed, so any extra
     * copy would already be queued ahead of the marker.
     */
    private void expectNothingMore() throws Exception {
        markEveryResource();
        for (BlockingQueue<String> q : List.of(atA, atB, atC)) {
            assertThat(q.poll(10, TimeUnit.SECONDS)).isEqualTo("direct:marker");
        }
    }

    @Test
    void receivedMessagesAreCopiedToTheOtherEnabledResources() throws Exception {
        setUp();
        send(bob, "alice@localhost/a", Message.Type.chat, "to a", false);
        // To the bare JID: a has the highest priority and gets it; b gets a carbon.
        send(bob, "alice@localhost", Message.Type.chat, "to alice", false);
        // Normal with a body is IM too; to c, which has carbons off, the others still get copies.
        send(bob, "alice@localhost/c", Message.Type.normal, "to c", false);
        expect(atA, "direct:to a", "direct:to alice", "received:to c");
        expect(atB, "received:to a", "received:to alice", "received:to c");
        expect(atC, "direct:to c");
        expectNothingMore();
    }

    @Test
    void sentMessagesAreCopiedToTheOtherEnabledResources() throws Exception {
        setUp();
        BlockingQueue<String> atBob = inbox(bob);
        send(a, "bob@localhost", Message.Type.chat, "from a", false);
        send(c, "bob@localhost/r", Message.Type.chat, "from c", false);
        expect(atBob, "direct:from a", "direct:from c");
        expect(atA, "sent:from c");
        expect(atB, "sent:from a", "sent:from c");
        expectNothingMore();
    }

    @Test
    void privateMessagesDisabledResourcesAndNonImMessagesGetNoCopies() throws Exception {
        setUp();
        send(bob, "alice@localhost/a", Message.Type.chat, "secret in", true);
        send(a, "bob@localhost", Message.Type.chat, "secret out", true);
        send(bob, "alice@localhost/a", Message.Type.headline, "news", false);
        CarbonManager.getInstanceFor(b).disableCarbons();
        send(bob, "alice@localhost/a", Message.Type.chat, "after b left", false);
        expect(atA, "direct:secret in", "direct:news", "direct:after b left");
        expectNothingMore();
    }

    @Test
    void copiesFollowTheResourcesThatHaveCarbonsOnAsTheyDisableLeaveAndEnable() throws Exception {
        setUp();
        CarbonManager.getInstanceFor(a).disableCarbons();
        b.disconnect();
        // No resource of alice has carbons on any more: a message to c is copied nowhere.
        send(bob, "alice@localhost/c", Message.Type.chat, "nobody copies", false);
        expect(atC, "direct:nobody copies");
        for (String r : List.of("a", "c")) {
            send(bob, "alice@localhost/" + r, Message.Type.headline, "marker", false);
        }
        assertThat(atA.poll(10, TimeUnit.SECONDS)).isEqualTo("direct:marker");
        assertThat(atC.poll(10, TimeUnit.SECONDS)).isEqualTo("direct:marker");

        CarbonManager.getInstanceFor(c).enableCarbons();
        send(bob, "alice@localhost/a", Message.Type.chat, "c copies", false);
        send(a, "bob@localhost", Message.Type.chat, "a sends", false);
        expect(atA, "direct:c copies");
        expect(atC, "received:c copies", "sent:a sends");
    }
}
