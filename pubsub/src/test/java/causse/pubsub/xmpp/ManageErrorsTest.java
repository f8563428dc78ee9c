package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.BERNARDO;
import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.HORATIO;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.SERVICE;
import static causse.pubsub.xmpp.PubSubHarness.assertError;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.stanzaError;
import static org.assertj.core.api.Assertions.assertThat;

import causse.pubsub.service.Affiliation;
import causse.pubsub.service.Node;
import causse.pubsub.service.NodeEvent;
import org.junit.jupiter.api.Test;

/** XEP-0060 §8.8 (manage subscriptions) and §8.9 (manage affiliations) error cases. */
class ManageErrorsTest {
    private final PubSubHarness h = new PubSubHarness();

    private Node node() {
        return h.service.find(SERVICE, NODE).orElseThrow();
    }

    // §8.8.1.3, examples 187-188 (example 186, management not supported, does not apply)
    @Test
    void retrieveSubscriptionsErrors() {
        assertError(h.ownerGet(HAMLET, "<subscriptions node='" + NODE + "'/>"), stanzaError("cancel", "item-not-found"));
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publisher");
        assertError(h.ownerGet(FRANCISCO, "<subscriptions node='" + NODE + "'/>"), stanzaError("auth", "forbidden"));
        assertResult(h.ownerGet(HAMLET, "<subscriptions node='" + NODE + "'/>"));
    }

    // §8.8.2.3, examples 192-193
    @Test
    void modifySubscriptionsErrors() {
        String change = "<subscription jid='bernardo@denmark.lit' subscription='subscribed'/>";
        assertError(h.ownerSet(HAMLET, "<subscriptions node='" + NODE + "'>" + change + "</subscriptions>"),
                stanzaError("cancel", "item-not-found"));
        h.createNode(NODE);
        assertError(h.ownerSet(FRANCISCO, "<subscriptions node='" + NODE + "'>" + change + "</subscriptions>"),
                stanzaError("auth", "forbidden"));
        assertThat(node().deliveredTo()).isEmpty();
    }

    // §8.8.2.4, examples 194-195: an invalid entry is not-acceptable, the valid ones are made. (The XEP also
    // returns the invalid entries in the error; IqRequest cannot yet put a payload into an IQ error.)
    @Test
    void multipleSubscriptionModificationsWithAnInvalidOne() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        assertError(h.ownerSet(HAMLET, "<subscriptions node='" + NODE + "'>"
                        + "<subscription jid='francisco@denmark.lit' subscription='none'/>"
                        + "<subscription jid='horatio@denmark.lit' subscription='pending'/>"
                        + "<subscription jid='bernardo@denmark.lit' subscription='subscribed'/>"
                        + "</subscriptions>"),
                stanzaError("modify", "not-acceptable"));
        assertThat(node().deliveredTo()).containsExactly("bernardo@denmark.lit");
        assertThat(h.broadcaster.events).filteredOn(e -> e instanceof NodeEvent.SubscriptionChanged).hasSize(2);
    }

    // §8.9.1.3, examples 200-201 (example 199, management not supported, does not apply)
    @Test
    void retrieveAffiliationsErrors() {
        assertError(h.ownerGet(HAMLET, "<affiliations node='" + NODE + "'/>"), stanzaError("cancel", "item-not-found"));
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publisher");
        assertError(h.ownerGet(FRANCISCO, "<affiliations node='" + NODE + "'/>"), stanzaError("auth", "forbidden"));
    }

    // §8.9.2.3, examples 206-207 (examples 204-205: every affiliation is supported)
    @Test
    void modifyAffiliationsErrors() {
        String change = "<affiliation jid='francisco@denmark.lit' affiliation='owner'/>";
        assertError(h.ownerSet(HAMLET, "<affiliations node='" + NODE + "'>" + change + "</affiliations>"),
                stanzaError("cancel", "item-not-found"));
        h.createNode(NODE);
        assertError(h.ownerSet(FRANCISCO, "<affiliations node='" + NODE + "'>" + change + "</affiliations>"),
                stanzaError("auth", "forbidden"));
        assertThat(node().affiliation("francisco@denmark.lit")).isEqualTo(Affiliation.NONE);
    }

    // §8.9.2.4, examples 208-209: the sole owner cannot be demoted; the other entries are made
    @Test
    void multipleAffiliationModificationsLeavingNoOwner() {
        h.createNode(NODE);
        h.affiliate(HORATIO, "member");
        assertError(h.ownerSet(HAMLET, "<affiliations node='" + NODE + "'>"
                        + "<affiliation jid='hamlet@denmark.lit' affiliation='none'/>"
                        + "<affiliation jid='horatio@denmark.lit' affiliation='none'/>"
                        + "<affiliation jid='bernardo@denmark.lit' affiliation='publisher'/>"
                        + "</affiliations>"),
                stanzaError("modify", "not-acceptable"));
        assertThat(node().affiliation("hamlet@denmark.lit")).isEqualTo(Affiliation.OWNER);
        assertThat(node().affiliation("horatio@denmark.lit")).isEqualTo(Affiliation.NONE);
        assertThat(node().affiliation("bernardo@denmark.lit")).isEqualTo(Affiliation.PUBLISHER);
    }

    // §8.9.2.4: an affiliation the XEP does not define is an invalid entry
    @Test
    void unknownAffiliation() {
        h.createNode(NODE);
        assertError(h.ownerSet(HAMLET, "<affiliations node='" + NODE + "'>"
                        + "<affiliation jid='francisco@denmark.lit' affiliation='king'/>"
                        + "<affiliation jid='bernardo@denmark.lit' affiliation='member'/></affiliations>"),
                stanzaError("modify", "not-acceptable"));
        assertThat(node().affiliation("bernardo@denmark.lit")).isEqualTo(Affiliation.MEMBER);
    }

    // §8.9.2.4: "The owner MUST NOT specify multiple <affiliation/> elements for the same entity"
    @Test
    void sameEntityTwice() {
        h.createNode(NODE);
        assertError(h.ownerSet(HAMLET, "<affiliations node='" + NODE + "'>"
                        + "<affiliation jid='francisco@denmark.lit' affiliation='member'/>"
                        + "<affiliation jid='" + FRANCISCO + "' affiliation='outcast'/></affiliations>"),
                stanzaError("modify", "bad-request"));
        assertThat(node().affiliation("francisco@denmark.lit")).isEqualTo(Affiliation.NONE);
    }

    // §4.1: an outcast loses its subscription
    @Test
    void outcastLosesItsSubscription() {
        h.createNode(NODE);
        h.subscribe(BERNARDO, NODE);
        h.affiliate(BERNARDO, "outcast");
        assertThat(node().deliveredTo()).isEmpty();
    }
}
