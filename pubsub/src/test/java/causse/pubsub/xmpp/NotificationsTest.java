package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.BERNARDO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import causse.pubsub.service.NodeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What subscribers are told, as XML (XEP-0060 §7 and §8 notifications), where Smack keeps too little to check. */
class NotificationsTest {
    private final PubSubHarness h = new PubSubHarness();

    private String lastEventXml() {
        List<NodeEvent> events = h.broadcaster.events;
        assertThat(events).isNotEmpty();
        return EventStanzas.payload(events.get(events.size() - 1)).get(0).toString();
    }

    // §8.4.1, example 158: the subscribers hear of the deletion, with the redirect the owner gave
    @Test
    void deletionCarriesTheRedirect() {
        h.createNode(NODE);
        h.subscribe(BERNARDO, NODE);

        assertResult(h.ownerSet(HAMLET, "<delete node='" + NODE + "'><redirect uri='xmpp:hamlet@denmark.lit?;node="
                + "blog'/></delete>"));

        assertThat(h.broadcaster.events.get(h.broadcaster.events.size() - 1)).isInstanceOf(NodeEvent.Deleted.class);
        assertThat(lastEventXml()).contains("<delete node=\"" + NODE + "\">",
                "<redirect uri=\"xmpp:hamlet@denmark.lit?;node=blog\"/>");
    }

    // §8.5.1, example 165
    @Test
    void purgeIsNotified() {
        h.createNode(NODE);
        h.subscribe(BERNARDO, NODE);

        assertResult(h.ownerSet(HAMLET, "<purge node='" + NODE + "'/>"));

        assertThat(lastEventXml()).contains("<purge node=\"" + NODE + "\"/>");
    }
}
