package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.assertError;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.form;
import static causse.pubsub.xmpp.PubSubHarness.pubsubError;
import static causse.pubsub.xmpp.PubSubHarness.stanzaError;
import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.XmlElement;
import org.junit.jupiter.api.Test;

/** XEP-0060 §7.1.3: error cases of publishing, and §7.1.5's unmet preconditions. */
class PublishErrorsTest {
    private static final String ENTRY = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";
    private final PubSubHarness h = new PubSubHarness();

    private XmlElement publish(String from, String inside) {
        return h.set(from, "<publish node='" + NODE + "'>" + inside + "</publish>");
    }

    // §7.1.3.1, example 105: the default publish model is "publishers"
    @Test
    void insufficientPrivileges() {
        h.createNode(NODE);
        assertError(publish(FRANCISCO, "<item>" + ENTRY + "</item>"), stanzaError("auth", "forbidden"));
        h.affiliate(FRANCISCO, "publish-only");
        assertResult(publish(FRANCISCO, "<item>" + ENTRY + "</item>"));
    }

    // §7.1.3.1 with the "subscribers" publish model (§4.5 table 8)
    @Test
    void insufficientPrivilegesSubscribersModel() {
        h.createNode(NODE, "pubsub#publish_model=subscribers");
        assertError(publish(FRANCISCO, "<item>" + ENTRY + "</item>"), stanzaError("auth", "forbidden"));
        h.subscribe(FRANCISCO, NODE);
        assertResult(publish(FRANCISCO, "<item>" + ENTRY + "</item>"));
    }

    // §7.1.3.1 with the "open" publish model: only an outcast is refused
    @Test
    void insufficientPrivilegesOpenModel() {
        h.createNode(NODE, "pubsub#publish_model=open");
        assertResult(publish(FRANCISCO, "<item>" + ENTRY + "</item>"));
        h.affiliate(FRANCISCO, "outcast");
        assertError(publish(FRANCISCO, "<item>" + ENTRY + "</item>"), stanzaError("auth", "forbidden"));
    }

    // §7.1.3.2 (item publication not supported) is for collection nodes, which Causse does not create.

    // §7.1.3.3, example 107: this service has no auto-create (PEP has, XEP-0163 §4.6)
    @Test
    void nodeDoesNotExist() {
        assertError(publish(HAMLET, "<item>" + ENTRY + "</item>"), stanzaError("cancel", "item-not-found"));
    }

    // Not in §7.1.3: a publish without a node (§7.2.3.3's condition)
    @Test
    void nodeIdRequired() {
        assertError(h.set(HAMLET, "<publish><item>" + ENTRY + "</item></publish>"),
                pubsubError("modify", "bad-request", "nodeid-required"));
    }

    // §7.1.3.4 (node full) cannot happen: Causse has no pubsub#publish_full_node, a full node drops its oldest
    // item (§7.1.2.5); see PublishAndRetrieveTest#maxItemsTrimsTheOldest.

    // §7.1.3.5, example 109
    @Test
    void payloadTooBig() {
        h.createNode(NODE, "pubsub#max_payload_size=64");
        assertError(publish(HAMLET, "<item><entry xmlns='http://www.w3.org/2005/Atom'><title>" + "x".repeat(80)
                + "</title></entry></item>"), pubsubError("modify", "not-acceptable", "payload-too-big"));
    }

    // §7.1.3.6, example 110: more than one payload element (Causse keeps no pubsub#type, so no namespace check)
    @Test
    void badPayload() {
        h.createNode(NODE);
        assertError(publish(HAMLET, "<item>" + ENTRY + ENTRY + "</item>"),
                pubsubError("modify", "bad-request", "invalid-payload"));
    }

    // §7.1.3.7, example 111: persistent node, no item
    @Test
    void persistentNodeWithoutItem() {
        h.createNode(NODE);
        assertError(publish(HAMLET, ""), pubsubError("modify", "bad-request", "item-required"));
    }

    // §7.1.3.7, example 112: payload node, item without payload; and a transient payload node without item
    @Test
    void payloadNodeWithoutPayload() {
        h.createNode(NODE);
        String payloadRequired = pubsubError("modify", "bad-request", "payload-required");
        assertError(publish(HAMLET, "<item id='a'/>"), payloadRequired);
        h.createNode("transient", "pubsub#persist_items=0");
        assertError(h.set(HAMLET, "<publish node='transient'/>"), payloadRequired);
    }

    // §7.1.3.7, example 113: transient notification node, with an item; without one the publish succeeds
    @Test
    void transientNotificationNodeWithItem() {
        h.createNode(NODE, "pubsub#persist_items=0", "pubsub#deliver_payloads=0");
        assertError(publish(HAMLET, "<item id='a'/>"), pubsubError("modify", "bad-request", "item-forbidden"));
        XmlElement ok = publish(HAMLET, "");
        assertResult(ok);
        assertThat(ok.firstElement().firstElement().elements()).isEmpty();
    }

    // §7.1.2: a persistent notification node takes an item without payload
    @Test
    void persistentNotificationNodeTakesItemWithoutPayload() {
        h.createNode(NODE, "pubsub#deliver_payloads=0");
        assertResult(publish(HAMLET, "<item id='a'/>"));
    }

    // §7.1.5: a precondition that does not hold
    @Test
    void preconditionNotMet() {
        h.createNode(NODE, "pubsub#access_model=presence");
        assertError(h.set(HAMLET, "<publish node='" + NODE + "'><item>" + ENTRY + "</item></publish><publish-options>"
                        + form(PubSubNamespaces.PUBSUB + "#publish-options", "pubsub#access_model=open")
                        + "</publish-options>"),
                pubsubError("cancel", "conflict", "precondition-not-met"));
        assertThat(h.store.itemCount(PubSubHarness.SERVICE, NODE)).isZero();
    }

    // §7.1.5: "it MUST reject the publication upon encountering unknown fields"; the XEP names no condition,
    // Causse treats an unknown field as a precondition that cannot hold.
    @Test
    void unknownPreconditionField() {
        h.createNode(NODE);
        assertError(h.set(HAMLET, "<publish node='" + NODE + "'><item>" + ENTRY + "</item></publish><publish-options>"
                        + form(PubSubNamespaces.PUBSUB + "#publish-options", "pubsub#no_such_option=1")
                        + "</publish-options>"),
                pubsubError("cancel", "conflict", "precondition-not-met"));
    }
}
