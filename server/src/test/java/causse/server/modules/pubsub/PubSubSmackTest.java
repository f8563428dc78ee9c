package causse.server.modules.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.server.SmackServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/** The XEP-0060 service at pubsub.localhost through Smack's PubSubManager. */
class PubSubSmackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("rh", "annuaire", "paie",
            "telephonie", "curieux", "owner2", "reader2");

    private static PubSubManager pubsub(XMPPTCPConnection c) throws Exception {
        return PubSubManager.getInstanceFor(c, JidCreate.domainBareFrom("pubsub.localhost"));
    }

    private static PayloadItem<StandardExtensionElement> item(String id, String text) {
        return new PayloadItem<>(id, StandardExtensionElement.builder("employee", "urn:example:grh")
                .setText(text).build());
    }

    /** Items received by a subscriber's listener. */
    private static BlockingQueue<Item> listen(LeafNode node) {
        BlockingQueue<Item> q = new LinkedBlockingQueue<>();
        node.addItemEventListener(event -> q.addAll(event.getItems()));
        return q;
    }

    @Test
    void theServiceIsFoundThroughTheDomainsItems() throws Exception {
        XMPPTCPConnection c = smack.login("curieux", "r");
        assertThat(PubSubManager.getPubSubService(c).toString()).isEqualTo("pubsub.localhost");
        assertThat(pubsub(c).canCreateNodesAndPublishItems()).isTrue();
    }

    @Test
    void grhThreeSubscriberBotsGetTheHrItemExactlyOnce() throws Exception {
        XMPPTCPConnection rh = smack.login("rh", "bot");
        LeafNode grh = pubsub(rh).createNode("grh");
        List<String> bots = List.of("annuaire", "paie", "telephonie");
        List<BlockingQueue<Item>> inboxes = new java.util.ArrayList<>();
        for (String bot : bots) {
            XMPPTCPConnection c = smack.login(bot, "bot");
            LeafNode node = pubsub(c).getLeafNode("grh");
            inboxes.add(listen(node));
            Subscription s = node.subscribe(c.getUser().asBareJid());
            assertThat(s.getState()).isEqualTo(Subscription.State.subscribed);
        }
        grh.publish(item("emp-42", "Jeanne Martin, arrivée le 1er décembre"));
        for (BlockingQueue<Item> inbox : inboxes) {
            Item got = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getId()).isEqualTo("emp-42");
            assertThat(got.toXML().toString()).contains("Jeanne Martin");
        }
        // Exactly once: a second publish is the next thing each bot sees.
        grh.publish(item("emp-43", "second"));
        for (BlockingQueue<Item> inbox : inboxes) {
            assertThat(inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS).getId()).isEqualTo("emp-43");
            assertThat(inbox).isEmpty();
        }
        List<Item> stored = grh.getItems();
        assertThat(stored.stream().map(Item::getId).toList()).containsExactly("emp-43", "emp-42");
        pubsub(rh).deleteNode("grh");
    }

    @Test
    void publishErrorsFollowTheXepTables() throws Exception {
        XMPPTCPConnection owner = smack.login("owner2", "r");
        XMPPTCPConnection other = smack.login("reader2", "r");
        LeafNode node = pubsub(owner).createNode("errors");
        assertThatThrownBy(() -> pubsub(owner).createNode("errors")).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        // Only publishers publish on a node with the default publish model.
        LeafNode asOther = pubsub(other).getLeafNode("errors");
        assertThatThrownBy(() -> asOther.publish(item("x", "y"))).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        assertThatThrownBy(() -> pubsub(other).deleteNode("errors")).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        assertThatThrownBy(() -> pubsub(other).getLeafNode("nope")).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
        // The owner changes the configuration; the node keeps working with it.
        FillableConfigureForm form = node.getNodeConfiguration().getFillableForm();
        form.setMaxItems(5);
        node.sendConfigurationForm(form);
        assertThat(node.getNodeConfiguration().getMaxItems()).isEqualTo(5);
        node.publish(item("one", "1"));
        node.deleteAllItems();
        List<Item> left = node.getItems();
        assertThat(left).isEmpty();
        assertThatThrownBy(() -> node.deleteItem("one")).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
        pubsub(owner).deleteNode("errors");
    }

    @Test
    void aLateSubscriberGetsTheLastItemAndRetractionIsNotified() throws Exception {
        XMPPTCPConnection rh = smack.login("rh", "late");
        LeafNode node = pubsub(rh).createNode("late");
        node.publish(item("first", "1"));
        node.publish(item("last", "2"));
        XMPPTCPConnection c = smack.login("curieux", "late");
        LeafNode asSub = pubsub(c).getLeafNode("late");
        BlockingQueue<Item> inbox = listen(asSub);
        asSub.subscribe(c.getUser().asBareJid());
        assertThat(inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS).getId()).isEqualTo("last");
        BlockingQueue<String> retracted = new LinkedBlockingQueue<>();
        asSub.addItemDeleteListener(new org.jivesoftware.smackx.pubsub.listener.ItemDeleteListener() {
            @Override
            public void handleDeletedItems(org.jivesoftware.smackx.pubsub.ItemDeleteEvent event) {
                retracted.addAll(event.getItemIds());
            }

            @Override
            public void handlePurge() {
            }
        });
        node.deleteItem("first");
        await().atMost(WAIT).until(() -> retracted.contains("first"));
        List<Item> newest = asSub.getItems(1);
        assertThat(newest.stream().map(Item::getId).toList()).containsExactly("last");
        asSub.unsubscribe(c.getUser().asBareJid().toString());
        pubsub(rh).deleteNode("late");
    }
}
