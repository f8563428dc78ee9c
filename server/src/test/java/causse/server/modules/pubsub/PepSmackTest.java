package causse.server.modules.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.server.SmackServerExtension;
import causse.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.pep.PepEventListener;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.GetItemsRequest;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.PublishItem;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jivesoftware.smackx.usertune.element.UserTuneElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * PEP (XEP-0163) through Smack's PepManager: every account is a pubsub service at its bare JID, contacts
 * whose entity capabilities ask for {@code <node>+notify} hear of its items, strangers do not.
 */
class PepSmackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** User tune (XEP-0118): a PEP payload Smack parses into its own element class. */
    private static final String NODE = UserTuneElement.NAMESPACE;

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("romeo", "juliet", "tybalt",
            "mercutio", "nurse", "friar", "paris");

    /** What one client's PEP listener for {@link #NODE} received. */
    private record Event(String from, String id, String text, boolean delayed) {
    }

    /**
     * A client that accepts every subscription request and listens to {@link #NODE} before it logs in, so that
     * its first presence already carries {@code NODE+notify} in its caps.
     */
    private static XMPPTCPConnection client(String user, BlockingQueue<Event> events) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(
                smack.server().smackConfig(user, TestServer.PASSWORD, "pep").build());
        smack.track(c);
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        if (events != null) {
            PepEventListener<UserTuneElement> listener = (from, tune, id, message) -> events.add(
                    new Event(from.toString(), id, tune.getTitle(), message.hasExtension(DelayInformation.class)));
            PepManager.getInstanceFor(c).addPepEventListener(NODE, UserTuneElement.class, listener);
        }
        c.connect().login();
        return c;
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + TestServer.DOMAIN);
    }

    /** {@code follower} subscribes to {@code owner}'s presence (the owner's client accepts). */
    private static void follow(XMPPTCPConnection follower, XMPPTCPConnection owner) throws Exception {
        EntityBareJid ownerJid = owner.getUser().asEntityBareJid();
        Roster.getInstanceFor(follower).createItemAndRequestSubscription(ownerJid, null, null);
        await().atMost(WAIT).until(() -> {
            RosterEntry e = Roster.getInstanceFor(follower).getEntry(ownerJid);
            return e != null && e.canSeeHisPresence();
        });
    }

    private static PayloadItem<UserTuneElement> status(String id, String text) {
        return new PayloadItem<>(id, UserTuneElement.getBuilder().setArtist("Prokofiev").setTitle(text).build());
    }

    private static List<String> ids(List<? extends Item> items) {
        return items.stream().map(Item::getId).toList();
    }

    private static PubSubManager pepOf(XMPPTCPConnection asker, String owner) {
        return PubSubManager.getInstanceFor(asker, jid(owner));
    }

    @Test
    void accountsAdvertisePepAndTheFirstPublishCreatesTheNode() throws Exception {
        XMPPTCPConnection romeo = client("romeo", null);
        assertThat(PepManager.getInstanceFor(romeo).isSupported()).isTrue();

        PepManager.getInstanceFor(romeo).publish(NODE, status("s1", "in Verona"));

        LeafNode node = PepManager.getInstanceFor(romeo).getPepPubSubManager().getLeafNode(NODE);
        assertThat(ids(node.getItems())).containsExactly("s1");
        // PEP nodes keep one item: the next publish replaces it.
        PepManager.getInstanceFor(romeo).publish(NODE, status("s2", "in Mantua"));
        assertThat(ids(node.getItems())).containsExactly("s2");
        DiscoverItems nodes = ServiceDiscoveryManager.getInstanceFor(romeo).discoverItems(jid("romeo"));
        assertThat(nodes.getItems()).extracting(DiscoverItems.Item::getNode).containsExactly(NODE);
    }

    @Test
    void aContactAskingThroughCapsIsNotifiedAndAStrangerIsNot() throws Exception {
        BlockingQueue<Event> julietEvents = new LinkedBlockingQueue<>();
        BlockingQueue<Event> tybaltEvents = new LinkedBlockingQueue<>();
        XMPPTCPConnection mercutio = client("mercutio", null);
        XMPPTCPConnection juliet = client("juliet", julietEvents);
        XMPPTCPConnection tybalt = client("tybalt", tybaltEvents);
        BlockingQueue<Message> tybaltInbox = SmackServerExtension.inbox(tybalt);
        follow(juliet, mercutio);

        PepManager.getInstanceFor(mercutio).publish(NODE, status("m1", "a plague on both your houses"));

        Event got = julietEvents.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.from()).isEqualTo("mercutio@localhost");
        assertThat(got.id()).isEqualTo("m1");
        assertThat(got.text()).isEqualTo("a plague on both your houses");
        // Tybalt wants the node too but sees no presence of Mercutio: a chat message sent after the publish is
        // the first thing he gets (one sender, one connection: in order).
        mercutio.sendStanza(mercutio.getStanzaFactory().buildMessageStanza().to(tybalt.getUser())
                .setBody("marker").build());
        Message first = tybaltInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.getBody()).isEqualTo("marker");
        assertThat(tybaltEvents).isEmpty();
    }

    @Test
    void aContactComingOnlineGetsTheLastItem() throws Exception {
        XMPPTCPConnection nurse = client("nurse", null);
        XMPPTCPConnection friar = client("friar", new LinkedBlockingQueue<>());
        follow(friar, nurse);
        friar.disconnect();
        PepManager.getInstanceFor(nurse).publish(NODE, status("n1", "old"));
        PepManager.getInstanceFor(nurse).publish(NODE, status("n2", "newest"));

        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        client("friar", events);

        Event got = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.from()).isEqualTo("nurse@localhost");
        assertThat(got.id()).isEqualTo("n2");
        assertThat(got.delayed()).isTrue();
    }

    @Test
    void presenceAccessLetsContactsReadAndKeepsStrangersOut() throws Exception {
        XMPPTCPConnection paris = client("paris", null);
        XMPPTCPConnection follower = client("romeo", null);
        XMPPTCPConnection stranger = client("tybalt", null);
        follow(follower, paris);
        PepManager.getInstanceFor(paris).publish(NODE, status("p1", "engaged"));

        assertThat(ids(pepOf(follower, "paris").getLeafNode(NODE).getItems())).containsExactly("p1");
        // A node the stranger may not see is, to him, a node that does not exist.
        assertThatThrownBy(() -> pepOf(stranger, "paris").getLeafNode(NODE))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.item_not_found));
        assertThat(ServiceDiscoveryManager.getInstanceFor(stranger).discoverItems(jid("paris")).getItems())
                .isEmpty();
        // Asking for the items directly: presence subscription required (XEP-0060 §6.5.7.2).
        PubSub request = PubSub.createPubsubPacket(jid("paris"), IQ.Type.get,
                new GetItemsRequest(NODE));
        assertThatThrownBy(() -> stranger.sendIqRequestAndWaitForResponse(request))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                    assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_authorized);
                    assertThat(e.getStanzaError().toXML().toString()).contains("<presence-subscription-required"
                            + " xmlns='http://jabber.org/protocol/pubsub#errors'");
                });
        // Nobody publishes to another account's PEP service.
        PubSub publish = PubSub.createPubsubPacket(jid("paris"), IQ.Type.set,
                new PublishItem<>(NODE, status("x", "forged")));
        assertThatThrownBy(() -> stranger.sendIqRequestAndWaitForResponse(publish))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.forbidden));
        assertThat(ids(PepManager.getInstanceFor(paris).getPepPubSubManager().getLeafNode(NODE).getItems()))
                .containsExactly("p1");
    }

    /** A pubsub IQ written out by hand: Smack has no XEP-0402 manager nor publish-options on LeafNode. */
    private static final class RawPubSub extends IQ {
        private final String xml;

        RawPubSub(EntityBareJid to, Type type, String xml) {
            super("pubsub", "http://jabber.org/protocol/pubsub");
            this.xml = xml;
            setTo(to);
            setType(type);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder b) {
            b.rightAngleBracket();
            b.append(xml);
            return b;
        }
    }

    /** A XEP-0402 bookmark publish with the publish-options Conversations and Gajim send. */
    private static RawPubSub bookmark(String room, String accessModel) {
        return new RawPubSub(jid("friar"), IQ.Type.set, "<publish node='urn:xmpp:bookmarks:1'><item id='" + room
                + "'><conference xmlns='urn:xmpp:bookmarks:1' name='Cell' autojoin='true'><nick>friar</nick>"
                + "</conference></item></publish><publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options"
                + "</value></field><field var='pubsub#persist_items'><value>true</value></field>"
                + "<field var='pubsub#max_items'><value>max</value></field>"
                + "<field var='pubsub#send_last_published_item'><value>never</value></field>"
                + "<field var='pubsub#access_model'><value>" + accessModel + "</value></field></x>"
                + "</publish-options>");
    }

    @Test
    void bookmarksWithPublishOptionsStayPrivateAndKeepEveryItem() throws Exception {
        XMPPTCPConnection friar = client("friar", null);
        XMPPTCPConnection contact = client("juliet", null);
        follow(contact, friar);

        friar.sendIqRequestAndWaitForResponse(bookmark("cell@conference.localhost", "whitelist"));
        friar.sendIqRequestAndWaitForResponse(bookmark("chapel@conference.localhost", "whitelist"));

        // XEP-0402 keeps one item per room: max_items 'max' kept both.
        assertThat(ids(PepManager.getInstanceFor(friar).getPepPubSubManager().getLeafNode("urn:xmpp:bookmarks:1")
                .getItems())).containsExactlyInAnyOrder("cell@conference.localhost", "chapel@conference.localhost");
        // Other options than the node's: the precondition fails (XEP-0060 §7.1.5).
        assertThatThrownBy(() -> friar.sendIqRequestAndWaitForResponse(bookmark("x@conference.localhost", "open")))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                    assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict);
                    assertThat(e.getStanzaError().toXML().toString()).contains("<precondition-not-met");
                });
        // Whitelist: a contact who sees Friar's presence still may not read his bookmarks.
        RawPubSub read = new RawPubSub(jid("friar"), IQ.Type.get, "<items node='urn:xmpp:bookmarks:1'/>");
        assertThatThrownBy(() -> contact.sendIqRequestAndWaitForResponse(read))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                    assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed);
                    assertThat(e.getStanzaError().toXML().toString()).contains("<closed-node");
                });
    }

    @Test
    void anAvatarOfTwoHundredKilobytesIsStoredAndServed() throws Exception {
        XMPPTCPConnection paris = client("paris", null);
        XMPPTCPConnection follower = client("nurse", null);
        follow(follower, paris);
        String data = java.util.Base64.getEncoder().encodeToString(new byte[150_000]);   // 200,000 characters

        paris.sendIqRequestAndWaitForResponse(new RawPubSub(jid("paris"), IQ.Type.set,
                "<publish node='urn:xmpp:avatar:data'><item id='av1'><data xmlns='urn:xmpp:avatar:data'>" + data
                        + "</data></item></publish>"));

        List<Item> items = pepOf(follower, "paris").getLeafNode("urn:xmpp:avatar:data").getItems();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).toXML().toString()).contains(data);
    }
}
