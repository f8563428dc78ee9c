package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.BERNARDO;
import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.SERVICE;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import causse.pubsub.service.Affiliation;
import causse.pubsub.service.Node;
import org.junit.jupiter.api.Test;

/** A removed account leaves every node: its subscriptions and affiliations go, in memory and in the store. */
class AccountLeavesTest {
    private final PubSubHarness h = new PubSubHarness();

    private static Node node(PubSubHarness harness) {
        return harness.service.find(SERVICE, NODE).orElseThrow();
    }

    @Test
    void itsSubscriptionsOfEveryResourceAndItsAffiliationGoAndOthersStay() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publisher");
        h.subscribe(FRANCISCO, NODE);
        assertResult(h.set(FRANCISCO, "<subscribe node='" + NODE + "' jid='" + FRANCISCO + "'/>"));
        h.subscribe(BERNARDO, NODE);
        h.publish(FRANCISCO, NODE, "<item id='i1'><entry xmlns='urn:example'/></item>");

        h.service.leave(SERVICE, "francisco@denmark.lit");

        for (PubSubHarness seen : new PubSubHarness[] {h, new PubSubHarness(h.store)}) {
            Node n = node(seen);
            assertThat(n.deliveredTo()).containsExactly("bernardo@denmark.lit");
            assertThat(n.affiliation("francisco@denmark.lit")).isEqualTo(Affiliation.NONE);
            assertThat(n.owners()).containsExactly("hamlet@denmark.lit");
            assertThat(seen.store.itemCount(SERVICE, NODE)).isEqualTo(1);
        }
    }

    @Test
    void aNodeWhoseOnlyOwnerLeftKeepsItsItemsAndSubscribers() {
        h.createNode(NODE);
        h.subscribe(BERNARDO, NODE);
        h.publish(HAMLET, NODE, "<item id='i1'><entry xmlns='urn:example'/></item>");

        h.service.leave(SERVICE, "hamlet@denmark.lit");
        h.service.leave("pubsub.elsewhere.lit", "hamlet@denmark.lit");

        Node n = node(new PubSubHarness(h.store));
        assertThat(n.owners()).isEmpty();
        assertThat(n.deliveredTo()).containsExactly("bernardo@denmark.lit");
        assertThat(h.store.itemCount(SERVICE, NODE)).isEqualTo(1);
    }
}
