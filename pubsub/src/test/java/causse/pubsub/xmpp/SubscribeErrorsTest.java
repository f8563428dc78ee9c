package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.BERNARDO;
import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.SERVICE;
import static causse.pubsub.xmpp.PubSubHarness.assertError;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.pubsubError;
import static causse.pubsub.xmpp.PubSubHarness.stanzaError;
import static causse.pubsub.xmpp.PubSubHarness.unsupported;
import static org.assertj.core.api.Assertions.assertThat;

import causse.pubsub.service.NodeConfig;
import causse.storage.PubSubNode;
import causse.storage.PubSubSubscription;
import causse.storage.memory.MemoryPubSubStore;
import causse.xml.XmlElement;
import org.junit.jupiter.api.Test;

/** XEP-0060 §6.1.3 (subscribe) and §6.2.3 (unsubscribe) error cases, as a client sees them. */
class SubscribeErrorsTest {
    private final PubSubHarness h = new PubSubHarness();

    private XmlElement subscribe(String from, String jid) {
        return h.set(from, "<subscribe node='" + NODE + "' jid='" + jid + "'/>");
    }

    private XmlElement unsubscribe(String from, String jid, String subid) {
        return h.set(from, "<unsubscribe node='" + NODE + "' jid='" + jid + "'"
                + (subid == null ? "" : " subid='" + subid + "'") + "/>");
    }

    // §6.1.3.1, example 30
    @Test
    void jidsDoNotMatch() {
        h.createNode(NODE);
        assertError(subscribe(FRANCISCO, "bernardo@denmark.lit"), pubsubError("modify", "bad-request", "invalid-jid"));
    }

    // §6.1.3.1: a full JID of the requester's own bare JID passes the check
    @Test
    void ownFullJidMatches() {
        h.createNode(NODE);
        XmlElement answer = subscribe(FRANCISCO, FRANCISCO);
        assertResult(answer);
        assertThat(answer.firstElement().firstElement().attribute("jid")).isEqualTo(FRANCISCO);
    }

    // §6.1.1: the 'jid' attribute is required (§6.3.4.3 gives the condition for the same omission)
    @Test
    void subscriberJidRequired() {
        h.createNode(NODE);
        assertError(h.set(FRANCISCO, "<subscribe node='" + NODE + "'/>"),
                pubsubError("modify", "bad-request", "jid-required"));
    }

    // §6.1.3.2, example 31
    @Test
    void presenceSubscriptionRequired() {
        h.createNode(NODE, "pubsub#access_model=presence");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"),
                pubsubError("auth", "not-authorized", "presence-subscription-required"));
        h.contacts.add(HAMLET, FRANCISCO);
        assertResult(subscribe(FRANCISCO, "francisco@denmark.lit"));
    }

    // §6.1.3.3, example 32
    @Test
    void notInRosterGroup() {
        h.createNode(NODE, "pubsub#access_model=roster", "pubsub#roster_groups_allowed=Friends");
        h.contacts.add(HAMLET, FRANCISCO, "Acquaintances");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"),
                pubsubError("auth", "not-authorized", "not-in-roster-group"));
        h.contacts.add(HAMLET, FRANCISCO, "Friends");
        assertResult(subscribe(FRANCISCO, "francisco@denmark.lit"));
    }

    // §6.1.3.4, example 33
    @Test
    void notOnWhitelist() {
        h.createNode(NODE, "pubsub#access_model=whitelist");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"), pubsubError("cancel", "not-allowed", "closed-node"));
        h.affiliate(FRANCISCO, "member");
        assertResult(subscribe(FRANCISCO, "francisco@denmark.lit"));
    }

    // §6.1.3.5 (payment required), §6.1.3.6 (anonymous) and §6.1.3.9 (too many subscriptions) cannot happen:
    // Causse has no payment, serves authenticated accounts only and sets no subscription limit (a MAY).

    // §6.1.3.7, example 36
    @Test
    void subscriptionPending() {
        h.createNode(NODE, "pubsub#access_model=authorize");
        XmlElement first = subscribe(FRANCISCO, "francisco@denmark.lit");
        assertResult(first);
        assertThat(first.firstElement().firstElement().attribute("subscription")).isEqualTo("pending");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"),
                pubsubError("auth", "not-authorized", "pending-subscription"));
        assertThat(h.broadcaster.approvals).hasSize(1);
    }

    // §6.1.3.8, example 37: an outcast is blocked
    @Test
    void blocked() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "outcast");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"), stanzaError("auth", "forbidden"));
    }

    // §4.1 table 4: a publish-only entity may not subscribe
    @Test
    void publishOnlyMayNotSubscribe() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publish-only");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"), stanzaError("auth", "forbidden"));
    }

    // §6.1.3.10, example 39
    @Test
    void subscriptionsNotSupported() {
        h.createNode(NODE, "pubsub#subscribe=0");
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"), unsupported("subscribe"));
    }

    // §6.1.3.11 (node has moved): Causse keeps no moved nodes, a deleted node is simply not found.

    // §6.1.3.12, example 41
    @Test
    void nodeDoesNotExist() {
        assertError(subscribe(FRANCISCO, "francisco@denmark.lit"), stanzaError("cancel", "item-not-found"));
    }

    // §6.1.6: a second subscription request answers with the subscription the JID has (the XEP lets the
    // service choose between that and a new subscription)
    @Test
    void subscribingTwiceReturnsTheSameSubscription() {
        h.createNode(NODE);
        String subid = h.subscribe(FRANCISCO, NODE);
        assertThat(h.subscribe(FRANCISCO, NODE)).isEqualTo(subid);
    }

    // §6.2.3.1, example 49: only reachable with two subscriptions of one JID, which Causse never makes itself
    // but may find in its store (written by another implementation, say)
    @Test
    void unsubscribeWithoutSubidWhenSeveralSubscriptions() {
        PubSubHarness seeded = new PubSubHarness(storeWithTwoSubscriptionsOfFrancisco());
        assertError(seeded.set(FRANCISCO, "<unsubscribe node='" + NODE + "' jid='francisco@denmark.lit'/>"),
                pubsubError("modify", "bad-request", "subid-required"));
        assertResult(seeded.set(FRANCISCO, "<unsubscribe node='" + NODE + "' jid='francisco@denmark.lit' subid='s2'/>"));
    }

    // §6.2.3.2, example 50
    @Test
    void unsubscribeNoSuchSubscriber() {
        h.createNode(NODE);
        assertError(unsubscribe(FRANCISCO, "francisco@denmark.lit", null),
                pubsubError("cancel", "unexpected-request", "not-subscribed"));
    }

    // §6.2.3.3, example 51
    @Test
    void unsubscribeInsufficientPrivileges() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        assertError(unsubscribe(BERNARDO, "francisco@denmark.lit", null), stanzaError("auth", "forbidden"));
        // The owner is the "admin" the XEP allows to unsubscribe others.
        assertResult(unsubscribe(HAMLET, "francisco@denmark.lit", null));
    }

    // §6.2.3.4, example 52
    @Test
    void unsubscribeNodeDoesNotExist() {
        assertError(unsubscribe(FRANCISCO, "francisco@denmark.lit", null), stanzaError("cancel", "item-not-found"));
    }

    // §6.2.3.5, example 53
    @Test
    void unsubscribeBadSubscriptionId() {
        h.createNode(NODE);
        String subid = h.subscribe(FRANCISCO, NODE);
        assertError(unsubscribe(FRANCISCO, "francisco@denmark.lit", "not-" + subid),
                pubsubError("modify", "not-acceptable", "invalid-subid"));
        assertResult(unsubscribe(FRANCISCO, "francisco@denmark.lit", subid));
    }

    static MemoryPubSubStore storeWithTwoSubscriptionsOfFrancisco() {
        MemoryPubSubStore store = new MemoryPubSubStore();
        store.createNode(new PubSubNode(SERVICE, NODE, NodeConfig.serviceDefaults(100, 1000).toText()));
        store.setAffiliation(SERVICE, NODE, "hamlet@denmark.lit", "owner");
        store.putSubscription(new PubSubSubscription(SERVICE, NODE, "francisco@denmark.lit", "s1", "subscribed",
                "deliver=true"));
        store.putSubscription(new PubSubSubscription(SERVICE, NODE, "francisco@denmark.lit", "s2", "subscribed",
                "deliver=true"));
        return store;
    }
}
