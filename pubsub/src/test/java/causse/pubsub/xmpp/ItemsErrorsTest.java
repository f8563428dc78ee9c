package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.PUBSUB;
import static causse.pubsub.xmpp.PubSubHarness.assertError;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.pubsubError;
import static causse.pubsub.xmpp.PubSubHarness.stanzaError;
import static causse.pubsub.xmpp.PubSubHarness.unsupported;
import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.XmlElement;
import org.junit.jupiter.api.Test;

/** XEP-0060 §6.5.9: error cases of retrieving items. */
class ItemsErrorsTest {
    private final PubSubHarness h = new PubSubHarness();

    private XmlElement items(String from) {
        return h.get(from, "<items node='" + NODE + "'/>");
    }

    // §6.5.9.1, example 84 (two subscriptions of one JID, as only a store written elsewhere can hold)
    @Test
    void subscriptionIdRequired() {
        PubSubHarness seeded = new PubSubHarness(SubscribeErrorsTest.storeWithTwoSubscriptionsOfFrancisco());
        assertError(seeded.get(FRANCISCO, "<items node='" + NODE + "'/>"),
                pubsubError("modify", "bad-request", "subid-required"));
        assertResult(seeded.get(FRANCISCO, "<items node='" + NODE + "' subid='s2'/>"));
    }

    // §6.5.9.2, example 85
    @Test
    void invalidSubscriptionId() {
        h.createNode(NODE);
        String subid = h.subscribe(FRANCISCO, NODE);
        assertError(h.get(FRANCISCO, "<items node='" + NODE + "' subid='" + subid + "x'/>"),
                pubsubError("modify", "not-acceptable", "invalid-subid"));
        assertResult(h.get(FRANCISCO, "<items node='" + NODE + "' subid='" + subid + "'/>"));
    }

    // §6.5.9.3, example 86: an authorize node; a pending subscription is no subscription
    @Test
    void entityNotSubscribed() {
        h.createNode(NODE, "pubsub#access_model=authorize");
        String notSubscribed = pubsubError("auth", "not-authorized", "not-subscribed");
        assertError(items(FRANCISCO), notSubscribed);
        h.subscribe(FRANCISCO, NODE);
        assertError(items(FRANCISCO), notSubscribed);
    }

    // §6.5.9.4, example 87
    @Test
    void persistentItemsNotSupported() {
        h.createNode(NODE, "pubsub#persist_items=0");
        assertError(items(FRANCISCO), unsupported("persistent-items"));
    }

    // §6.5.9.5 (item retrieval not supported) is for collection nodes, which Causse does not create
    // (see CreateErrorsTest#collectionNodesNotSupported).

    // §6.5.9.6, example 89
    @Test
    void presenceSubscriptionRequired() {
        h.createNode(NODE, "pubsub#access_model=presence");
        assertError(items(FRANCISCO), pubsubError("auth", "not-authorized", "presence-subscription-required"));
        h.contacts.add(HAMLET, FRANCISCO);
        assertResult(items(FRANCISCO));
    }

    // §6.5.9.7, example 90
    @Test
    void notInRosterGroup() {
        h.createNode(NODE, "pubsub#access_model=roster", "pubsub#roster_groups_allowed=Friends");
        assertError(items(FRANCISCO), pubsubError("auth", "not-authorized", "not-in-roster-group"));
    }

    // §6.5.9.8, example 91
    @Test
    void notOnWhitelist() {
        h.createNode(NODE, "pubsub#access_model=whitelist");
        assertError(items(FRANCISCO), pubsubError("cancel", "not-allowed", "closed-node"));
    }

    // §6.5.9.9 (payment required) does not apply.

    // §6.5.9.10, example 93
    @Test
    void blocked() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "outcast");
        assertError(items(FRANCISCO), stanzaError("auth", "forbidden"));
    }

    // §6.5.9.11, example 94
    @Test
    void nodeDoesNotExist() {
        assertError(items(FRANCISCO), stanzaError("cancel", "item-not-found"));
    }

    // §6.5.9.12: no such item is an empty <items/>, not an error
    @Test
    void noSuchItems() {
        h.createNode(NODE);
        XmlElement answer = h.get(FRANCISCO, "<items node='" + NODE + "'><item id='nothing'/></items>");
        assertResult(answer);
        XmlElement list = answer.firstElement().firstElement();
        assertThat(list.is("items", PUBSUB)).isTrue();
        assertThat(list.attribute("node")).isEqualTo(NODE);
        assertThat(list.elements()).isEmpty();
        assertThat(items(FRANCISCO).firstElement().firstElement().elements()).isEmpty();
    }

    // Not in §6.5.9 but in the spirit of §7.2.3.3: a request without a node
    @Test
    void nodeIdRequired() {
        assertError(h.get(FRANCISCO, "<items/>"), pubsubError("modify", "bad-request", "nodeid-required"));
    }

    // A max_items that is no number is a malformed request
    @Test
    void maxItemsNotANumber() {
        h.createNode(NODE);
        assertError(h.get(FRANCISCO, "<items node='" + NODE + "' max_items='two'/>"), stanzaError("modify", "bad-request"));
    }

    // XEP-0059 §2.5: paging after an item that does not exist
    @Test
    void pagingAfterAnUnknownItem() {
        h.createNode(NODE);
        assertError(h.get(FRANCISCO, "<items node='" + NODE + "'/><set xmlns='http://jabber.org/protocol/rsm'>"
                + "<max>2</max><after>gone</after></set>"), stanzaError("cancel", "item-not-found"));
    }
}
