package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link PubSubStore} must do with nodes, affiliations and subscriptions; {@link PubSubItemsContract},
 * which this extends, covers the items. An implementation's test returns a fresh, empty store from
 * {@link #store()}, the same instance for every call within one test.
 */
public interface PubSubStoreContract extends PubSubItemsContract {
    String ALICE = "alice@example.org";
    String BOB = "bob@example.org/phone";

    private static PubSubSubscription subscription(String jid, String subid, String state) {
        return new PubSubSubscription(SERVICE, NODE, jid, subid, state, "<options deliver='" + state + "'/>");
    }

    @Test
    default void anEmptyStoreHasNothing() {
        assertThat(store().nodes()).isEmpty();
        assertThat(store().affiliations()).isEmpty();
        assertThat(store().subscriptions()).isEmpty();
        assertThat(store().lastItems()).isEmpty();
        assertThat(store().item(SERVICE, NODE, "1")).isEmpty();
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store().itemCount(SERVICE, NODE)).isZero();
    }

    @Test
    default void createsNodesOfSeveralServicesAndReadsThemBack() {
        assertThat(store().createNode(new PubSubNode(SERVICE, NODE, CONFIG))).isTrue();
        assertThat(store().createNode(new PubSubNode(SERVICE, OTHER_NODE, "<config n='2'/>"))).isTrue();
        // The same node name at another service is another node.
        assertThat(store().createNode(new PubSubNode(PEP, NODE, "<config pep='yes'/>"))).isTrue();

        assertThat(store().nodes()).containsExactlyInAnyOrder(new PubSubNode(SERVICE, NODE, CONFIG),
                new PubSubNode(SERVICE, OTHER_NODE, "<config n='2'/>"), new PubSubNode(PEP, NODE, "<config pep='yes'/>"));
    }

    @Test
    default void refusesADuplicateNodeAndKeepsTheFirst() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));

        assertThat(store().createNode(new PubSubNode(SERVICE, NODE, "<config second='yes'/>"))).isFalse();

        assertThat(store().nodes()).containsExactly(new PubSubNode(SERVICE, NODE, CONFIG));
    }

    @Test
    @Timeout(120)
    default void concurrentCreatesOfOneNodeCreateItOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String node = "race-" + round;
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String config = "<config creator='" + i + "'/>";
                tasks.add(() -> store().createNode(new PubSubNode(SERVICE, node, config)));
            }

            List<Boolean> created = Race.run(16, tasks);

            assertThat(created).as("round %d", round).containsOnlyOnce(true);
            String winner = "<config creator='" + created.indexOf(true) + "'/>";
            assertThat(store().nodes()).filteredOn(n -> n.node().equals(node))
                    .containsExactly(new PubSubNode(SERVICE, node, winner));
        }
    }

    @Test
    default void replacesTheConfigurationOfAnExistingNodeOnly() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        String large = Payloads.stanza(100 * 1024);

        assertThat(store().updateConfig(SERVICE, NODE, large)).isTrue();
        assertThat(store().updateConfig(SERVICE, OTHER_NODE, CONFIG)).isFalse();
        assertThat(store().updateConfig(PEP, NODE, CONFIG)).isFalse();

        assertThat(store().nodes()).containsExactly(new PubSubNode(SERVICE, NODE, large));
    }

    @Test
    default void deletingANodeDeletesItsAffiliationsSubscriptionsAndItems() {
        populate(SERVICE, NODE);
        populate(SERVICE, OTHER_NODE);

        assertThat(store().deleteNode(SERVICE, NODE)).isTrue();

        assertThat(store().nodes()).extracting(PubSubNode::node).containsExactly(OTHER_NODE);
        assertThat(store().affiliations()).extracting(PubSubAffiliation::node).containsOnly(OTHER_NODE).hasSize(1);
        assertThat(store().subscriptions()).extracting(PubSubSubscription::node).containsOnly(OTHER_NODE).hasSize(1);
        assertThat(store().itemCount(SERVICE, NODE)).isZero();
        assertThat(store().item(SERVICE, NODE, "1")).isEmpty();
        assertThat(store().lastItems()).extracting(PubSubItem::node).containsExactly(OTHER_NODE);
        assertThat(store().deleteNode(SERVICE, NODE)).isFalse();
        // Created again, it starts empty.
        assertThat(store().createNode(new PubSubNode(SERVICE, NODE, CONFIG))).isTrue();
        assertThat(store().items(SERVICE, NODE, Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    default void deletingAServiceDeletesItsNodesOnly() {
        populate(PEP, NODE);
        populate(PEP, OTHER_NODE);
        populate(SERVICE, NODE);

        assertThat(store().deleteService(PEP)).isEqualTo(2);

        assertThat(store().nodes()).containsExactly(new PubSubNode(SERVICE, NODE, CONFIG));
        assertThat(store().affiliations()).extracting(PubSubAffiliation::service).containsExactly(SERVICE);
        assertThat(store().subscriptions()).extracting(PubSubSubscription::service).containsExactly(SERVICE);
        assertThat(store().lastItems()).extracting(PubSubItem::service).containsExactly(SERVICE);
        assertThat(store().itemCount(PEP, NODE) + store().itemCount(PEP, OTHER_NODE)).isZero();
        assertThat(store().deleteService(PEP)).isZero();
        assertThat(store().deleteService("nowhere.example.org")).isZero();
    }

    @Test
    default void setsAndReplacesAffiliations() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        store().createNode(new PubSubNode(SERVICE, OTHER_NODE, CONFIG));

        store().setAffiliation(SERVICE, NODE, ALICE, "owner");
        store().setAffiliation(SERVICE, NODE, BOB, "member");
        store().setAffiliation(SERVICE, NODE, BOB, "publisher");
        store().setAffiliation(SERVICE, OTHER_NODE, BOB, "outcast");

        assertThat(store().affiliations()).containsExactlyInAnyOrder(
                new PubSubAffiliation(SERVICE, NODE, ALICE, "owner"),
                new PubSubAffiliation(SERVICE, NODE, BOB, "publisher"),
                new PubSubAffiliation(SERVICE, OTHER_NODE, BOB, "outcast"));
    }

    @Test
    default void anAffiliationOfNoneRemovesIt() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        store().setAffiliation(SERVICE, NODE, ALICE, "owner");
        store().setAffiliation(SERVICE, NODE, BOB, "member");

        store().setAffiliation(SERVICE, NODE, BOB, "none");

        assertThat(store().affiliations()).containsExactly(new PubSubAffiliation(SERVICE, NODE, ALICE, "owner"));
        // Removing what is not there, even at a node that is not there, is no error.
        store().setAffiliation(SERVICE, NODE, BOB, "none");
        store().setAffiliation(SERVICE, OTHER_NODE, BOB, "none");
        assertThat(store().affiliations()).hasSize(1);
    }

    @Test
    default void keepsNoAffiliationOrSubscriptionForAMissingNode() {
        store().createNode(new PubSubNode(PEP, NODE, CONFIG));

        assertThatThrownBy(() -> store().setAffiliation(SERVICE, NODE, ALICE, "owner"))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store().putSubscription(subscription(ALICE, "s1", "subscribed")))
                .isInstanceOf(StorageException.class);

        assertThat(store().affiliations()).isEmpty();
        assertThat(store().subscriptions()).isEmpty();
    }

    @Test
    default void replacesASubscriptionOfTheSameJidAndSubidAndKeepsTheOthersApart() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        store().putSubscription(subscription(ALICE, "s1", "pending"));
        store().putSubscription(subscription(ALICE, "s2", "subscribed"));
        store().putSubscription(subscription(BOB, "s1", "unconfigured"));

        store().putSubscription(subscription(ALICE, "s1", "subscribed"));

        assertThat(store().subscriptions()).containsExactlyInAnyOrder(subscription(ALICE, "s1", "subscribed"),
                subscription(ALICE, "s2", "subscribed"), subscription(BOB, "s1", "unconfigured"));
    }

    @Test
    default void removesOneSubscription() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        store().putSubscription(subscription(ALICE, "s1", "subscribed"));
        store().putSubscription(subscription(ALICE, "s2", "subscribed"));

        assertThat(store().removeSubscription(SERVICE, NODE, ALICE, "s1")).isTrue();

        assertThat(store().subscriptions()).containsExactly(subscription(ALICE, "s2", "subscribed"));
        assertThat(store().removeSubscription(SERVICE, NODE, ALICE, "s1")).isFalse();
        assertThat(store().removeSubscription(SERVICE, NODE, BOB, "s2")).isFalse();
        assertThat(store().removeSubscription(SERVICE, OTHER_NODE, ALICE, "s2")).isFalse();
    }

    @Test
    @Timeout(120)
    default void concurrentFirstWritesOfOneAffiliationOrSubscriptionKeepOneRow() throws Exception {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        for (int round = 0; round < 5; round++) {
            String jid = "user" + round + "@example.org";
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String state = "state" + i;
                tasks.add(() -> {
                    store().setAffiliation(SERVICE, NODE, jid, "member");
                    store().putSubscription(subscription(jid, "only", state));
                    return null;
                });
            }

            Race.run(16, tasks);

            assertThat(store().affiliations()).filteredOn(a -> a.jid().equals(jid)).hasSize(1);
            assertThat(store().subscriptions()).filteredOn(s -> s.jid().equals(jid)).hasSize(1);
        }
    }

    /** Creates the node with one affiliation, one subscription and two items. */
    private void populate(String service, String node) {
        store().createNode(new PubSubNode(service, node, CONFIG));
        store().setAffiliation(service, node, ALICE, "owner");
        store().putSubscription(new PubSubSubscription(service, node, BOB, "s1", "subscribed", ""));
        store().publish(item(service, node, "1", "<one/>"), UNLIMITED);
        store().publish(item(service, node, "2", "<two/>"), UNLIMITED);
    }
}
