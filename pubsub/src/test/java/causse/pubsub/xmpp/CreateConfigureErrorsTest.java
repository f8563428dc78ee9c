package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.SERVICE;
import static causse.pubsub.xmpp.PubSubHarness.assertError;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.form;
import static causse.pubsub.xmpp.PubSubHarness.pubsubError;
import static causse.pubsub.xmpp.PubSubHarness.stanzaError;
import static causse.pubsub.xmpp.PubSubHarness.unsupported;
import static org.assertj.core.api.Assertions.assertThat;

import causse.pubsub.service.AccessModel;
import causse.pubsub.service.NodeConfig;
import causse.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0060 §8.1 (create), §8.2 (configure) and §8.3 (default configuration) error cases. */
class CreateConfigureErrorsTest {
    private final PubSubHarness h = new PubSubHarness();

    private AccessModel accessModel() {
        return h.service.find(SERVICE, NODE).orElseThrow().config().accessModel();
    }

    // §8.1.1, example 126 (create-nodes not supported) and 127 (registration required) do not apply.

    // §8.1.1, example 128
    @Test
    void createProhibited() {
        h.creators.add("hamlet@denmark.lit");
        assertError(h.set(FRANCISCO, "<create node='" + NODE + "'/>"), stanzaError("auth", "forbidden"));
        assertError(h.set("yorick@elsewhere.lit/skull", "<create node='other'/>"), stanzaError("auth", "forbidden"));
    }

    // §8.1.1, example 129
    @Test
    void nodeIdAlreadyExists() {
        h.createNode(NODE);
        assertError(h.set(FRANCISCO, "<create node='" + NODE + "'/>"), stanzaError("cancel", "conflict"));
    }

    // §8.1.1, examples 131-132: instant nodes are supported (so example 130 does not apply)
    @Test
    void instantNode() {
        XmlElement answer = h.set(HAMLET, "<create/>");
        assertResult(answer);
        String node = answer.firstElement().firstElement().attribute("node");
        assertThat(h.service.find(SERVICE, node)).isPresent();
    }

    // §8.1.2, example 136
    @Test
    void unsupportedAccessModel() {
        assertError(h.set(HAMLET, "<create node='" + NODE + "'/><configure>"
                        + form(NodeConfig.FORM_TYPE, "pubsub#access_model=pay-per-view") + "</configure>"),
                pubsubError("modify", "not-acceptable", "unsupported-access-model"));
        assertThat(h.service.find(SERVICE, NODE)).isEmpty();
    }

    // §8.1.2 refers collection nodes to XEP-0248, whose §5.1.3 answers "collections" unsupported
    @Test
    void collectionNodesNotSupported() {
        assertError(h.set(HAMLET, "<create node='" + NODE + "'/><configure>"
                        + form(NodeConfig.FORM_TYPE, "pubsub#node_type=collection") + "</configure>"),
                unsupported("collections"));
        assertThat(h.service.find(SERVICE, NODE)).isEmpty();
    }

    // §8.1.3: <configure/> must not carry a 'node' attribute
    @Test
    void configureWithNodeAttribute() {
        assertError(h.set(HAMLET, "<create node='" + NODE + "'/><configure node='" + NODE + "'>"
                + form(NodeConfig.FORM_TYPE, "pubsub#title=x") + "</configure>"), stanzaError("modify", "bad-request"));
    }

    // §8.1.3 with a value the node cannot take: §8.2.5.2's condition
    @Test
    void createAndConfigureWithBadValue() {
        assertError(h.set(HAMLET, "<create node='" + NODE + "'/><configure>"
                + form(NodeConfig.FORM_TYPE, "pubsub#max_items=-3") + "</configure>"), stanzaError("modify", "not-acceptable"));
    }

    // §8.2.3.1 (node configuration not supported) does not apply.

    // §8.2.3.2, example 142
    @Test
    void configureInsufficientPrivileges() {
        h.createNode(NODE);
        assertError(h.ownerGet(FRANCISCO, "<configure node='" + NODE + "'/>"), stanzaError("auth", "forbidden"));
        assertError(h.ownerSet(FRANCISCO, "<configure node='" + NODE + "'>"
                + form(NodeConfig.FORM_TYPE, "pubsub#access_model=whitelist") + "</configure>"), stanzaError("auth", "forbidden"));
        assertThat(accessModel()).isEqualTo(AccessModel.OPEN);
    }

    // §8.2.3.3, example 143
    @Test
    void configureNodeIdRequired() {
        assertError(h.ownerGet(HAMLET, "<configure/>"), pubsubError("modify", "bad-request", "nodeid-required"));
        assertError(h.ownerSet(HAMLET, "<configure>" + form(NodeConfig.FORM_TYPE, "pubsub#title=x") + "</configure>"),
                pubsubError("modify", "bad-request", "nodeid-required"));
    }

    // §8.2.3.4 (no configuration options) does not apply: every node is configurable.

    // §8.2.3.5, example 145
    @Test
    void configureNodeDoesNotExist() {
        assertError(h.ownerGet(HAMLET, "<configure node='" + NODE + "'/>"), stanzaError("cancel", "item-not-found"));
    }

    // §8.2.5.2, example 149: an unknown field, a value out of range or of the wrong kind, another node type
    @Test
    void configurationChangeCannotBeProcessed() {
        h.createNode(NODE);
        String refused = stanzaError("modify", "not-acceptable");
        for (String field : List.of("pubsub#no_such_field=1", "pubsub#max_items=0", "pubsub#persist_items=perhaps",
                "pubsub#access_model=nobody", "pubsub#notification_type=chat")) {
            assertError(h.ownerSet(HAMLET, "<configure node='" + NODE + "'>" + form(NodeConfig.FORM_TYPE, field)
                    + "</configure>"), refused);
        }
        assertError(h.ownerSet(HAMLET, "<configure node='" + NODE + "'>"
                + form(NodeConfig.FORM_TYPE, "pubsub#node_type=collection") + "</configure>"), unsupported("collections"));
        assertThat(h.service.find(SERVICE, NODE).orElseThrow().config()).isEqualTo(NodeConfig.serviceDefaults(100, 1000));
    }

    // §8.2.4, example 147: a cancelled form changes nothing; a submitted one applies
    @Test
    void cancelAndSubmit() {
        h.createNode(NODE);
        assertResult(h.ownerSet(HAMLET, "<configure node='" + NODE + "'><x xmlns='jabber:x:data' type='cancel'/></configure>"));
        assertThat(accessModel()).isEqualTo(AccessModel.OPEN);
        assertResult(h.ownerSet(HAMLET, "<configure node='" + NODE + "'>"
                + form(NodeConfig.FORM_TYPE, "pubsub#access_model=whitelist") + "</configure>"));
        assertThat(accessModel()).isEqualTo(AccessModel.WHITELIST);
    }

    // §8.2.4 needs a form (no condition given; a request without one is malformed)
    @Test
    void configureWithoutForm() {
        h.createNode(NODE);
        assertError(h.ownerSet(HAMLET, "<configure node='" + NODE + "'/>"), stanzaError("modify", "bad-request"));
    }

    // §8.3.3, example 154: the default configuration (so §8.3.4's errors do not apply)
    @Test
    void defaultNodeConfiguration() {
        XmlElement answer = h.ownerGet(FRANCISCO, "<default/>");
        assertResult(answer);
        XmlElement form = answer.firstElement().firstElement().firstElement();
        assertThat(DataForms.values(form)).containsEntry("FORM_TYPE", List.of(NodeConfig.FORM_TYPE))
                .containsEntry("pubsub#access_model", List.of("open")).containsEntry("pubsub#max_items", List.of("100"));
    }

    // §8.3 example 153: the default configuration of a collection node, which Causse does not have
    @Test
    void defaultCollectionConfiguration() {
        assertError(h.ownerGet(FRANCISCO, "<default>" + form(NodeConfig.FORM_TYPE, "pubsub#node_type=collection")
                + "</default>"), unsupported("collections"));
    }
}
