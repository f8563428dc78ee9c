package causse.pubsub.xmpp;

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

import org.junit.jupiter.api.Test;

/** XEP-0060 §8.4.3 (delete a node) and §8.5.3 (purge) error cases. */
class DeletePurgeErrorsTest {
    private static final String ITEM = "<item id='a'><entry xmlns='http://www.w3.org/2005/Atom'/></item>";
    private final PubSubHarness h = new PubSubHarness();

    // §8.4.3.1, example 161: a publisher is no owner
    @Test
    void deleteInsufficientPrivileges() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publisher");
        assertError(h.ownerSet(FRANCISCO, "<delete node='" + NODE + "'/>"), stanzaError("auth", "forbidden"));
        assertThat(h.service.find(SERVICE, NODE)).isPresent();
    }

    // §8.4.3.2, example 162
    @Test
    void deleteNodeDoesNotExist() {
        assertError(h.ownerSet(HAMLET, "<delete node='" + NODE + "'/>"), stanzaError("cancel", "item-not-found"));
    }

    // Not in §8.4.3: a delete without a node (§7.2.3.3's condition)
    @Test
    void deleteNodeIdRequired() {
        assertError(h.ownerSet(HAMLET, "<delete/>"), pubsubError("modify", "bad-request", "nodeid-required"));
    }

    // §8.5.3.1 (purging not supported) does not apply.

    // §8.5.3.2, example 167: publishers MAY purge (§4.1), Causse keeps that to owners
    @Test
    void purgeInsufficientPrivileges() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publisher");
        h.publish(HAMLET, NODE, ITEM);
        assertError(h.ownerSet(FRANCISCO, "<purge node='" + NODE + "'/>"), stanzaError("auth", "forbidden"));
        assertThat(h.store.itemCount(SERVICE, NODE)).isEqualTo(1);
        assertResult(h.ownerSet(HAMLET, "<purge node='" + NODE + "'/>"));
        assertThat(h.store.itemCount(SERVICE, NODE)).isZero();
    }

    // §8.5.3.3, example 168
    @Test
    void nodeDoesNotPersistItems() {
        h.createNode(NODE, "pubsub#persist_items=0");
        assertError(h.ownerSet(HAMLET, "<purge node='" + NODE + "'/>"), unsupported("persistent-items"));
    }

    // §8.5.3.4, example 169
    @Test
    void purgeNodeDoesNotExist() {
        assertError(h.ownerSet(HAMLET, "<purge node='" + NODE + "'/>"), stanzaError("cancel", "item-not-found"));
    }
}
