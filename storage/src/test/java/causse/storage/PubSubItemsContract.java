package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link PubSubStore} must do with items: publishing (with replacement and trimming), reading back,
 * paging, retraction, purge and expiry. {@link PubSubStoreContract} extends it with the rest; implementations'
 * tests implement that one.
 */
public interface PubSubItemsContract {
    String SERVICE = "pubsub.example.org";
    /** A PEP service: an account's bare JID. */
    String PEP = "carol@example.org";
    String NODE = "princely_musings";
    String OTHER_NODE = "urn:xmpp:microblog:0";
    String PUBLISHER = "hamlet@denmark.lit/elsinore";
    String CONFIG = "<x xmlns='jabber:x:data' type='submit'/>";
    Instant T0 = Instant.parse("2025-03-01T12:00:00.123456Z");
    int UNLIMITED = -1;

    /** The store under test: the same instance for every call within one test. */
    PubSubStore store();

    /** An item of {@link #NODE} at {@link #SERVICE} published at {@link #T0}, with a seq the store must ignore. */
    default PubSubItem item(String id, String payload) {
        return item(SERVICE, NODE, id, payload);
    }

    default PubSubItem item(String service, String node, String id, String payload) {
        return new PubSubItem(service, node, id, PUBLISHER, payload, T0, 777);
    }

    /** Creates {@link #NODE} and {@link #OTHER_NODE} of {@link #SERVICE}, empty, where each test publishes. */
    private void createNodes() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        store().createNode(new PubSubNode(SERVICE, OTHER_NODE, CONFIG));
    }

    @Test
    default void publishesAnItemAndReadsItBackAsStored() {
        createNodes();
        PubSubItem stored = store().publish(new PubSubItem(SERVICE, NODE, "a", PUBLISHER, "<entry/>",
                Instant.parse("2025-03-01T12:00:00.123456789Z"), 0), UNLIMITED);

        // The seq comes from the store; the time is kept to the microsecond.
        assertThat(stored).isEqualTo(new PubSubItem(SERVICE, NODE, "a", PUBLISHER, "<entry/>", T0, stored.seq()));
        assertThat(stored.seq()).isPositive();
        assertThat(store().item(SERVICE, NODE, "a")).contains(stored);
        assertThat(store().item(SERVICE, OTHER_NODE, "a")).isEmpty();
        assertThat(store().item(PEP, NODE, "a")).isEmpty();
        assertThat(store().itemCount(SERVICE, NODE)).isOne();
    }

    @Test
    default void givesEachPublicationAHigherSeq() {
        createNodes();
        long previous = 0;
        for (int i = 0; i < 5; i++) {
            // Alternating nodes: seq grows across them, not only within one.
            long seq = store().publish(item(SERVICE, i % 2 == 0 ? NODE : OTHER_NODE, "id" + i, "<p/>"), UNLIMITED).seq();
            assertThat(seq).isGreaterThan(previous);
            previous = seq;
        }
    }

    @Test
    default void republishingAnIdReplacesTheItemWithAHigherSeq() {
        createNodes();
        PubSubItem first = store().publish(item("a", "<v1/>"), UNLIMITED);
        PubSubItem other = store().publish(item("b", "<b/>"), UNLIMITED);

        PubSubItem second = store().publish(new PubSubItem(SERVICE, NODE, "a", "ophelia@denmark.lit", "<v2/>",
                T0.plusSeconds(5), 0), UNLIMITED);

        assertThat(second.seq()).isGreaterThan(other.seq()).isGreaterThan(first.seq());
        assertThat(store().item(SERVICE, NODE, "a")).contains(second);
        assertThat(store().itemCount(SERVICE, NODE)).isEqualTo(2);
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).containsExactly(second, other);
    }

    @Test
    default void trimsToMaxItemsKeepingTheNewest() {
        createNodes();
        for (int i = 0; i < 5; i++) {
            store().publish(item("id" + i, "<p n='" + i + "'/>"), 3);
        }
        store().publish(item(SERVICE, OTHER_NODE, "x", "<x/>"), 3);

        assertThat(store().itemCount(SERVICE, NODE)).isEqualTo(3);
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).extracting(PubSubItem::id)
                .containsExactly("id4", "id3", "id2");
        assertThat(store().item(SERVICE, NODE, "id1")).isEmpty();
        assertThat(store().itemCount(SERVICE, OTHER_NODE)).isOne();
        // A lower limit trims more at the next publish; a republished id counts once.
        store().publish(item("id3", "<again/>"), 2);
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).extracting(PubSubItem::id)
                .containsExactly("id3", "id4");
    }

    @Test
    default void aMaxItemsOfZeroKeepsNothingButStillAssignsASeq() {
        createNodes();
        PubSubItem kept = store().publish(item("a", "<a/>"), UNLIMITED);

        PubSubItem gone = store().publish(item("b", "<b/>"), 0);

        assertThat(gone.seq()).isGreaterThan(kept.seq());
        assertThat(store().itemCount(SERVICE, NODE)).isZero();
        assertThat(store().lastItems()).isEmpty();
    }

    @Test
    default void aNegativeMaxItemsKeepsEverything() {
        createNodes();
        for (int i = 0; i < 60; i++) {
            store().publish(item("id" + i, "<p/>"), UNLIMITED);
        }
        store().publish(item("last", "<p/>"), Integer.MIN_VALUE);

        assertThat(store().itemCount(SERVICE, NODE)).isEqualTo(61);
    }

    @Test
    @Timeout(120)
    default void neverKeepsMoreThanMaxItemsUnderConcurrentPublishes() throws Exception {
        createNodes();
        int maxItems = 5;
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Half the publishers add new ids (racing to trim), half republish a few (racing to replace).
            String id = i % 2 == 0 ? "new" + i : "again" + i % 10;
            // Publishers and readers mixed; a reader answers whether it saw no more than maxItems.
            tasks.add(i % 4 == 3
                    ? () -> store().itemCount(SERVICE, NODE) <= maxItems
                            && store().items(SERVICE, NODE, Long.MAX_VALUE, 100).size() <= maxItems
                    : () -> store().publish(item(id, "<p/>"), maxItems).seq() > 0);
        }

        List<Boolean> results = Race.run(16, tasks);

        assertThat(results).containsOnly(true);
        List<PubSubItem> items = store().items(SERVICE, NODE, Long.MAX_VALUE, 100);
        assertThat(items).hasSize(maxItems).extracting(PubSubItem::id).doesNotHaveDuplicates();
        assertThat(items).extracting(PubSubItem::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    default void pagesBackwardsBySeqNewestFirst() {
        createNodes();
        List<PubSubItem> published = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            published.add(store().publish(item("id" + i, "<p n='" + i + "'/>"), UNLIMITED));
        }
        store().publish(item(SERVICE, OTHER_NODE, "id9", "<other/>"), UNLIMITED);

        List<PubSubItem> page1 = store().items(SERVICE, NODE, Long.MAX_VALUE, 3);
        List<PubSubItem> page2 = store().items(SERVICE, NODE, page1.get(2).seq(), 3);
        List<PubSubItem> page3 = store().items(SERVICE, NODE, page2.get(2).seq(), 3);

        assertThat(page1).containsExactly(published.get(6), published.get(5), published.get(4));
        assertThat(page2).containsExactly(published.get(3), published.get(2), published.get(1));
        assertThat(page3).containsExactly(published.get(0));
        assertThat(store().items(SERVICE, NODE, published.get(0).seq(), 3)).isEmpty();
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 0)).isEmpty();
        assertThat(store().items(SERVICE, "no-such-node", Long.MAX_VALUE, 3)).isEmpty();
        assertThatThrownBy(() -> store().items(SERVICE, NODE, Long.MAX_VALUE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void listsTheLastItemOfEveryNodeThatHasOne() {
        createNodes();
        store().createNode(new PubSubNode(PEP, NODE, CONFIG));
        store().createNode(new PubSubNode(PEP, "empty", CONFIG));
        store().publish(item("a1", "<a1/>"), UNLIMITED);
        PubSubItem pep = store().publish(item(PEP, NODE, "p1", "<p1/>"), UNLIMITED);
        PubSubItem other = store().publish(item(SERVICE, OTHER_NODE, "o1", "<o1/>"), UNLIMITED);
        PubSubItem last = store().publish(item("a2", "<a2/>"), UNLIMITED);
        // Retracting the newest makes the one before it the last again.
        store().publish(item(SERVICE, OTHER_NODE, "o2", "<o2/>"), UNLIMITED);
        store().retract(SERVICE, OTHER_NODE, "o2");

        assertThat(store().lastItems()).containsExactly(pep, other, last);
    }

    @Test
    default void countsTheItemsOfOneNode() {
        createNodes();
        store().publish(item("a", "<a/>"), UNLIMITED);
        store().publish(item("b", "<b/>"), UNLIMITED);
        store().publish(item(SERVICE, OTHER_NODE, "a", "<a/>"), UNLIMITED);

        assertThat(store().itemCount(SERVICE, NODE)).isEqualTo(2);
        assertThat(store().itemCount(SERVICE, OTHER_NODE)).isOne();
        assertThat(store().itemCount(PEP, NODE)).isZero();
    }

    @Test
    default void retractsOneItem() {
        createNodes();
        PubSubItem a = store().publish(item("a", "<a/>"), UNLIMITED);
        store().publish(item("b", "<b/>"), UNLIMITED);
        PubSubItem otherB = store().publish(item(SERVICE, OTHER_NODE, "b", "<b/>"), UNLIMITED);

        assertThat(store().retract(SERVICE, NODE, "b")).isTrue();

        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).containsExactly(a);
        assertThat(store().item(SERVICE, OTHER_NODE, "b")).contains(otherB);
        assertThat(store().retract(SERVICE, NODE, "b")).isFalse();
        assertThat(store().retract(SERVICE, "no-such-node", "a")).isFalse();
    }

    @Test
    default void purgesEveryItemOfOneNode() {
        createNodes();
        for (int i = 0; i < 4; i++) {
            store().publish(item("id" + i, "<p/>"), UNLIMITED);
        }
        store().publish(item(SERVICE, OTHER_NODE, "x", "<x/>"), UNLIMITED);

        assertThat(store().purge(SERVICE, NODE)).isEqualTo(4);

        assertThat(store().itemCount(SERVICE, NODE)).isZero();
        assertThat(store().itemCount(SERVICE, OTHER_NODE)).isOne();
        assertThat(store().purge(SERVICE, NODE)).isZero();
        assertThat(store().purge(SERVICE, "no-such-node")).isZero();
        // The node itself stays.
        assertThat(store().nodes()).extracting(PubSubNode::node).contains(NODE);
    }

    @Test
    default void expiresTheItemsPublishedBeforeTheCutoffAndReturnsTheirIds() {
        createNodes();
        for (int i = 0; i < 4; i++) {
            store().publish(new PubSubItem(SERVICE, NODE, "id" + i, PUBLISHER, "<p/>", T0.plusSeconds(i), 0), UNLIMITED);
        }
        store().publish(new PubSubItem(SERVICE, OTHER_NODE, "old", PUBLISHER, "<p/>", T0.minusSeconds(99), 0), UNLIMITED);

        assertThat(store().expire(SERVICE, NODE, T0.plusSeconds(2))).containsExactly("id0", "id1");

        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).extracting(PubSubItem::id)
                .containsExactly("id3", "id2");
        assertThat(store().itemCount(SERVICE, OTHER_NODE)).isOne();
        assertThat(store().expire(SERVICE, NODE, T0)).isEmpty();
        assertThat(store().expire(SERVICE, "no-such-node", T0.plusSeconds(99))).isEmpty();
    }

    @Test
    default void comparesTheExpiryCutoffToTheKeptMicrosecond() {
        createNodes();
        Instant second = Instant.parse("2025-03-01T12:00:00Z");
        // Kept as 12:00:00.000001: the nanoseconds are dropped.
        store().publish(new PubSubItem(SERVICE, NODE, "a", PUBLISHER, "<p/>", second.plusNanos(1_500), 0), UNLIMITED);

        assertThat(store().expire(SERVICE, NODE, second.plusNanos(1_000))).isEmpty();
        assertThat(store().expire(SERVICE, NODE, second.plusNanos(1_001))).containsExactly("a");
    }

    @Test
    default void keepsALargeUnicodePayloadAndAnEmptyOneExactly() {
        createNodes();
        String payload = Payloads.stanza(200 * 1024);
        String unicode = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Grüße 日本語 𝄞😀</title></entry>";

        store().publish(item("large", payload), UNLIMITED);
        store().publish(item("unicode", unicode), UNLIMITED);
        store().publish(item("empty", ""), UNLIMITED);

        String read = store().item(SERVICE, NODE, "large").orElseThrow().payloadXml();
        assertThat(read.getBytes(StandardCharsets.UTF_8)).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(store().item(SERVICE, NODE, "unicode").orElseThrow().payloadXml()).isEqualTo(unicode);
        assertThat(store().item(SERVICE, NODE, "empty").orElseThrow().payloadXml()).isEmpty();
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 3)).extracting(PubSubItem::payloadXml)
                .containsExactly("", unicode, payload);
    }

    @Test
    default void publishesNothingToAMissingNode() {
        createNodes();
        assertThatThrownBy(() -> store().publish(item(PEP, NODE, "a", "<a/>"), UNLIMITED))
                .isInstanceOf(StorageException.class);

        assertThat(store().itemCount(PEP, NODE)).isZero();
        assertThat(store().lastItems()).isEmpty();
    }
}
