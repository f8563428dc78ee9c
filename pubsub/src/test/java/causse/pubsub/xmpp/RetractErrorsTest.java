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

import causse.pubsub.service.NodeEvent;
import causse.xml.XmlElement;
import org.junit.jupiter.api.Test;

/** XEP-0060 §7.2.3: error cases of deleting an item. */
class RetractErrorsTest {
    private static final String ENTRY = "<entry xmlns='http://www.w3.org/2005/Atom'/>";
    private final PubSubHarness h = new PubSubHarness();

    private XmlElement retract(String from, String node, String item) {
        return h.set(from, "<retract" + (node == null ? "" : " node='" + node + "'") + ">" + item + "</retract>");
    }

    // §7.2.3.1, example 119
    @Test
    void insufficientPrivileges() {
        h.createNode(NODE);
        h.publish(HAMLET, NODE, "<item id='ae890'>" + ENTRY + "</item>");
        assertError(retract(FRANCISCO, NODE, "<item id='ae890'/>"), stanzaError("auth", "forbidden"));
        assertThat(h.store.item(SERVICE, NODE, "ae890")).isPresent();
    }

    // §7.2.3.1 and §4.1 table 4's note: publish-only deletes only its own items; a publisher deletes any
    @Test
    void publishOnlyDeletesOnlyItsOwnItems() {
        h.createNode(NODE);
        h.affiliate(FRANCISCO, "publish-only");
        h.affiliate(BERNARDO, "publisher");
        h.publish(HAMLET, NODE, "<item id='hamlets'>" + ENTRY + "</item>");
        h.publish(FRANCISCO, NODE, "<item id='franciscos'>" + ENTRY + "</item>");
        assertError(retract(FRANCISCO, NODE, "<item id='hamlets'/>"), stanzaError("auth", "forbidden"));
        assertResult(retract(FRANCISCO, NODE, "<item id='franciscos'/>"));
        assertResult(retract(BERNARDO, NODE, "<item id='hamlets'/>"));
    }

    // §7.2.3.1 with the "open" publish model: anyone may publish, but deletes only what it published (the
    // table gives "none" no deletion at all; Causse lets the publisher take back its own item)
    @Test
    void openNodeDeletesOnlyOwnItems() {
        h.createNode(NODE, "pubsub#publish_model=open");
        h.publish(FRANCISCO, NODE, "<item id='franciscos'>" + ENTRY + "</item>");
        h.publish(BERNARDO, NODE, "<item id='bernardos'>" + ENTRY + "</item>");
        assertError(retract(FRANCISCO, NODE, "<item id='bernardos'/>"), stanzaError("auth", "forbidden"));
        assertResult(retract(FRANCISCO, NODE, "<item id='franciscos'/>"));
        assertResult(retract(HAMLET, NODE, "<item id='bernardos'/>"));
    }

    // §7.2.3.2, example 120: no such node, no such item
    @Test
    void nodeOrItemDoesNotExist() {
        assertError(retract(HAMLET, NODE, "<item id='ae890'/>"), stanzaError("cancel", "item-not-found"));
        h.createNode(NODE);
        assertError(retract(HAMLET, NODE, "<item id='ae890'/>"), stanzaError("cancel", "item-not-found"));
    }

    // §7.2.3.3, example 121
    @Test
    void nodeIdRequired() {
        assertError(retract(HAMLET, null, "<item id='ae890'/>"), pubsubError("modify", "bad-request", "nodeid-required"));
    }

    // §7.2.3.4, example 122: no item, or an item without id
    @Test
    void itemOrItemIdRequired() {
        h.createNode(NODE);
        String required = pubsubError("modify", "bad-request", "item-required");
        assertError(retract(HAMLET, NODE, ""), required);
        assertError(retract(HAMLET, NODE, "<item/>"), required);
    }

    // §7.2.3.5, example 123
    @Test
    void persistentItemsNotSupported() {
        h.createNode(NODE, "pubsub#persist_items=0");
        assertError(retract(HAMLET, NODE, "<item id='ae890'/>"), unsupported("persistent-items"));
    }

    // §7.2.3.6 (item deletion not supported) does not apply: Causse supports "delete-items".

    // §7.2.2.1: notify='true' tells subscribers even when notify_retract is off
    @Test
    void deleteAndNotify() {
        h.createNode(NODE, "pubsub#notify_retract=0");
        h.subscribe(FRANCISCO, NODE);
        h.publish(HAMLET, NODE, "<item id='a'>" + ENTRY + "</item>");
        h.publish(HAMLET, NODE, "<item id='b'>" + ENTRY + "</item>");
        assertResult(retract(HAMLET, NODE, "<item id='a'/>"));
        assertThat(h.broadcaster.events).noneMatch(e -> e instanceof NodeEvent.Retracted);
        assertResult(h.set(HAMLET, "<retract node='" + NODE + "' notify='true'><item id='b'/></retract>"));
        assertThat(h.broadcaster.events).filteredOn(e -> e instanceof NodeEvent.Retracted).hasSize(1);
    }
}
