package causse.pubsub.xmpp;

import static causse.pubsub.xmpp.PubSubHarness.FRANCISCO;
import static causse.pubsub.xmpp.PubSubHarness.HAMLET;
import static causse.pubsub.xmpp.PubSubHarness.NODE;
import static causse.pubsub.xmpp.PubSubHarness.PUBSUB;
import static causse.pubsub.xmpp.PubSubHarness.assertResult;
import static causse.pubsub.xmpp.PubSubHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import causse.pubsub.service.NodeEvent;
import causse.xml.XmlElement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Success paths of XEP-0060 §7.1 (publish) and §6.5 (retrieve items), at the XML level. */
class PublishAndRetrieveTest {
    private static final String RSM = "http://jabber.org/protocol/rsm";
    private final PubSubHarness h = new PubSubHarness();

    private static String entry(String title) {
        return "<entry xmlns='http://www.w3.org/2005/Atom'><title>" + title + "</title></entry>";
    }

    private List<String> itemIds(XmlElement answer) {
        assertResult(answer);
        return answer.firstElement().child("items", PUBSUB).elements().stream().map(i -> i.attribute("id")).toList();
    }

    // §7.1.2, example 98: the item id the publisher chose comes back
    @Test
    void publishWithItemId() {
        h.createNode(NODE);
        h.subscribe(FRANCISCO, NODE);
        XmlElement answer = h.set(HAMLET, "<publish node='" + NODE + "'><item id='ae890ac52d0df67ed7cfdf51b644e901'>"
                + entry("Soliloquy") + "</item></publish>");
        assertResult(answer);
        XmlElement publish = answer.firstElement().child("publish", PUBSUB);
        assertThat(publish.attribute("node")).isEqualTo(NODE);
        assertThat(publish.child("item", PUBSUB).attribute("id")).isEqualTo("ae890ac52d0df67ed7cfdf51b644e901");
        assertThat(h.broadcaster.events).singleElement().isInstanceOfSatisfying(NodeEvent.Published.class,
                p -> assertThat(p.item().payloadXml()).contains("Soliloquy"));
        assertThat(h.broadcaster.recipients.get(h.broadcaster.events.get(0))).containsExactly("francisco@denmark.lit");
    }

    // §7.1.2, example 99: without an id the service makes one and returns it
    @Test
    void publishWithoutItemId() {
        h.createNode(NODE);
        XmlElement answer = h.set(HAMLET, "<publish node='" + NODE + "'><item>" + entry("Soliloquy") + "</item></publish>");
        assertResult(answer);
        String id = answer.firstElement().child("publish", PUBSUB).child("item", PUBSUB).attribute("id");
        assertThat(id).isNotBlank();
        XmlElement items = h.get(FRANCISCO, "<items node='" + NODE + "'><item id='" + id + "'/></items>");
        assertThat(itemIds(items)).containsExactly(id);
        assertThat(items.firstElement().firstElement().firstElement().attribute("publisher"))
                .isEqualTo("hamlet@denmark.lit");
    }

    // §7.1.2.5: a node at max_items drops its oldest item; the same id replaces the item
    @Test
    void maxItemsTrimsTheOldest() {
        h.createNode(NODE, "pubsub#max_items=2");
        for (String id : List.of("one", "two", "three", "two")) {
            h.publish(HAMLET, NODE, "<item id='" + id + "'>" + entry(id) + "</item>");
        }
        assertThat(itemIds(h.get(FRANCISCO, "<items node='" + NODE + "'/>"))).containsExactly("two", "three");
    }

    // §16.4.3: max_items 'max' is the largest the service allows (here 1000), so nothing is dropped
    @Test
    void maxItemsMax() {
        h.createNode(NODE, "pubsub#max_items=max");
        for (int i = 0; i < 150; i++) {
            h.publish(HAMLET, NODE, "<item id='i" + i + "'>" + entry("n") + "</item>");
        }
        assertThat(itemIds(h.get(FRANCISCO, "<items node='" + NODE + "'/>"))).hasSize(150).startsWith("i149");
        XmlElement config = h.ownerGet(HAMLET, "<configure node='" + NODE + "'/>");
        assertThat(DataForms.values(config.firstElement().firstElement().firstElement()).get("pubsub#max_items"))
                .isEqualTo(List.of("1000"));
    }

    // §7.1.5: preconditions that hold let the publish through
    @Test
    void publishOptionsMet() {
        h.createNode(NODE, "pubsub#access_model=presence", "pubsub#max_items=1");
        XmlElement answer = h.set(HAMLET, "<publish node='" + NODE + "'><item id='current'>" + entry("x")
                + "</item></publish><publish-options>" + form(PUBSUB + "#publish-options",
                "pubsub#access_model=presence", "pubsub#max_items=1", "pubsub#persist_items=true")
                + "</publish-options>");
        assertResult(answer);
        assertThat(h.store.itemCount(PubSubHarness.SERVICE, NODE)).isEqualTo(1);
    }

    // §6.5.7, example 80-81: max_items gives the newest
    @Test
    void mostRecentItems() {
        h.createNode(NODE);
        for (String id : List.of("a", "b", "c")) {
            h.publish(HAMLET, NODE, "<item id='" + id + "'>" + entry(id) + "</item>");
        }
        assertThat(itemIds(h.get(FRANCISCO, "<items node='" + NODE + "' max_items='2'/>"))).containsExactly("c", "b");
    }

    // §6.5.4, example 76: result set management pages newest first, with first, last and count
    @Test
    void resultSetPaging() {
        h.createNode(NODE);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            h.publish(HAMLET, NODE, "<item id='" + id + "'>" + entry(id) + "</item>");
        }
        XmlElement page1 = h.get(FRANCISCO, "<items node='" + NODE + "'/><set xmlns='" + RSM + "'><max>2</max></set>");
        assertThat(itemIds(page1)).containsExactly("e", "d");
        XmlElement set = page1.firstElement().child("set", RSM);
        assertThat(set.childText("first", RSM)).isEqualTo("e");
        assertThat(set.childText("last", RSM)).isEqualTo("d");
        assertThat(set.childText("count", RSM)).isEqualTo("5");
        XmlElement page2 = h.get(FRANCISCO, "<items node='" + NODE + "'/><set xmlns='" + RSM + "'><max>2</max>"
                + "<after>d</after></set>");
        assertThat(itemIds(page2)).containsExactly("c", "b");
        XmlElement page3 = h.get(FRANCISCO, "<items node='" + NODE + "'/><set xmlns='" + RSM + "'><max>2</max>"
                + "<after>b</after></set>");
        assertThat(itemIds(page3)).containsExactly("a");
        XmlElement page4 = h.get(FRANCISCO, "<items node='" + NODE + "'/><set xmlns='" + RSM + "'><max>2</max>"
                + "<after>a</after></set>");
        assertThat(itemIds(page4)).isEmpty();
        assertThat(page4.firstElement().child("set", RSM).childText("count", RSM)).isEqualTo("5");
    }
}
