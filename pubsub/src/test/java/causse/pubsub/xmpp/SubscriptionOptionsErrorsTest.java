package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.BERNARDO;
import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.assertError;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.form;
import static causse.pubsub.xmpp.PubSubHarness.pubsubError;
import static causse.pubsub.xmpp.PubSubHarness.stanzaError;
import static causse.pubsub.xmpp.PubSubHarness.unsupported;
import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0060 §6.3 (subscription options) and §6.4 (default subscription options) error cases. */
class SubscriptionOptionsErrorsTest {
    private static final String OPTIONS = PubSubNamespaces.PUBSUB + "#subscribe_options";
    private final PubSubHarness h = new PubSubHarness();

    private XmlElement getOptions(String from, String jid, String subid) {
        return h.get(from, "<options node='" + NODE + "'" + (jid == null ? "" : " jid='" + jid + "'")
                + (subid == null ? "" : " subid='" + subid + "'") + "/>");
    }

    private XmlElement setOptions(String from, String... fields) {
        return h.set(from, "<options node='" + NODE + "' jid='francisco@denmark.lit'>" + form(OPTIONS, fields)
                + "</options>");
    }

    // §6.3.4.1, example 57
    @Test
    void insufficientPrivileges() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        assertError(getOptions(BERNARDO, "francisco@denmark.lit", null), stanzaError("auth", "forbidden"));
        assertError(h.set(BERNARDO, "<options node='" + NODE + "' jid='francisco@denmark.lit'>"
                + form(OPTIONS, "pubsub#deliver=0") + "</options>"), stanzaError("auth", "forbidden"));
        assertResult(getOptions(HAMLET, "francisco@denmark.lit", null));
    }

    // §6.3.4.2, example 58
    @Test
    void noSuchSubscriber() {
        h.createNode(NODE);
        assertError(getOptions(FRANCISCO, "francisco@denmark.lit", null),
                pubsubError("modify", "unexpected-request", "not-subscribed"));
    }

    // §6.3.4.3, example 59
    @Test
    void subscriberJidRequired() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        assertError(getOptions(FRANCISCO, null, null), pubsubError("modify", "bad-request", "jid-required"));
    }

    // §6.3.4.4, example 60 (two subscriptions of one JID, as only a store written elsewhere can hold)
    @Test
    void subscriptionIdRequired() {
        PubSubHarness seeded = new PubSubHarness(SubscribeErrorsTest.storeWithTwoSubscriptionsOfFrancisco());
        assertError(seeded.get(FRANCISCO, "<options node='" + NODE + "' jid='francisco@denmark.lit'/>"),
                pubsubError("modify", "bad-request", "subid-required"));
        assertResult(seeded.get(FRANCISCO, "<options node='" + NODE + "' jid='francisco@denmark.lit' subid='s1'/>"));
    }

    // §6.3.4.5, example 61
    @Test
    void invalidSubscriptionId() {
        h.createNode(NODE);
        String subid = h.subscribe(FRANCISCO, NODE);
        assertError(getOptions(FRANCISCO, "francisco@denmark.lit", subid + "x"),
                pubsubError("modify", "not-acceptable", "invalid-subid"));
        XmlElement ok = getOptions(FRANCISCO, "francisco@denmark.lit", subid);
        assertResult(ok);
        assertThat(ok.firstElement().firstElement().attribute("subid")).isEqualTo(subid);
    }

    // §6.3.4.6 (options not supported) does not apply: Causse supports pubsub#deliver.

    // §6.3.4.7, example 63
    @Test
    void nodeDoesNotExist() {
        assertError(getOptions(FRANCISCO, "francisco@denmark.lit", null), stanzaError("cancel", "item-not-found"));
        assertError(setOptions(FRANCISCO, "pubsub#deliver=0"), stanzaError("cancel", "item-not-found"));
    }

    // §6.3.6.1, example 65: the one option Causse keeps
    @Test
    void deliverOptionIsKept() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        assertResult(setOptions(FRANCISCO, "pubsub#deliver=false"));
        XmlElement form = getOptions(FRANCISCO, "francisco@denmark.lit", null).firstElement().firstElement()
                .firstElement();
        assertThat(DataForms.values(form).get("pubsub#deliver")).isEqualTo(List.of("0"));
        assertThat(h.service.find(PubSubHarness.SERVICE, NODE).orElseThrow().deliveredTo()).isEmpty();
    }

    // §6.3.6.2, example 66: a value that is no boolean, an option Causse does not know, a form of another kind
    // or no form at all are invalid options
    @Test
    void invalidOptions() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        String invalid = pubsubError("modify", "bad-request", "invalid-options");
        assertError(setOptions(FRANCISCO, "pubsub#deliver=maybe"), invalid);
        assertError(setOptions(FRANCISCO, "pubsub#digest=1"), invalid);
        assertError(h.set(FRANCISCO, "<options node='" + NODE + "' jid='francisco@denmark.lit'>"
                + form(PubSubNamespaces.PUBSUB + "#node_config", "pubsub#deliver=0") + "</options>"), invalid);
        assertError(h.set(FRANCISCO, "<options node='" + NODE + "' jid='francisco@denmark.lit'/>"), invalid);
        assertThat(h.service.find(PubSubHarness.SERVICE, NODE).orElseThrow().deliveredTo()).hasSize(1);
    }

    // §12.18: leases ride on the pubsub#expire option, which Causse does not implement; the XEP gives no
    // condition for that, so Causse answers as for any unimplemented feature, naming "leased-subscription" (§10).
    @Test
    void leasedSubscriptionsNotImplemented() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        assertError(setOptions(FRANCISCO, "pubsub#expire=2006-02-28T11:59:59Z"), unsupported("leased-subscription"));
    }

    // §6.4.2, example 71: Causse supports retrieving the default options, so §6.4.3's errors do not apply
    @Test
    void defaultSubscriptionOptions() {
        h.createNode(NODE);
        XmlElement answer = h.get(FRANCISCO, "<default node='" + NODE + "'/>");
        assertResult(answer);
        XmlElement form = answer.firstElement().firstElement().firstElement();
        assertThat(DataForms.values(form)).containsEntry("FORM_TYPE", List.of(OPTIONS))
                .containsEntry("pubsub#deliver", List.of("1"));
    }
}
