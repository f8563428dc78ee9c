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
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.Affiliation;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.packet.PubSubNamespace;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;
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

    @Test
    void anAuthorizeNodeAsksItsOwnerWhoseAnswerDecides() throws Exception {
        XMPPTCPConnection owner = smack.login("owner2", "auth");
        BlockingQueue<Message> ownerInbox = SmackServerExtension.inbox(owner);
        LeafNode node = pubsub(owner).createNode("paie-confidentiel");
        FillableConfigureForm config = node.getNodeConfiguration().getFillableForm();
        config.setAccessModel(AccessModel.authorize);
        node.sendConfigurationForm(config);
        XMPPTCPConnection accepted = smack.login("paie", "auth");
        XMPPTCPConnection refused = smack.login("curieux", "auth");
        LeafNode asAccepted = pubsub(accepted).getLeafNode("paie-confidentiel");
        LeafNode asRefused = pubsub(refused).getLeafNode("paie-confidentiel");
        BlockingQueue<Item> acceptedInbox = listen(asAccepted);
        BlockingQueue<Message> refusedInbox = SmackServerExtension.inbox(refused);

        assertThat(asAccepted.subscribe(accepted.getUser().asBareJid()).getState())
                .isEqualTo(Subscription.State.pending);
        answerApproval(owner, ownerInbox, "paie@localhost", true);
        assertThat(asRefused.subscribe(refused.getUser().asBareJid()).getState())
                .isEqualTo(Subscription.State.pending);
        answerApproval(owner, ownerInbox, "curieux@localhost", false);

        await().atMost(WAIT).until(() -> asAccepted.getSubscriptions().stream()
                .anyMatch(s -> s.getState() == Subscription.State.subscribed));
        await().atMost(WAIT).until(() -> asRefused.getSubscriptions().isEmpty());
        node.publish(item("bulletin", "décembre"));
        assertThat(acceptedInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS).getId()).isEqualTo("bulletin");
        // The refused one hears of nothing but his refusal: a chat message sent after the publish comes first.
        owner.sendStanza(owner.getStanzaFactory().buildMessageStanza().to(refused.getUser()).setBody("marker")
                .build());
        await().atMost(WAIT).until(() -> refusedInbox.stream().anyMatch(m -> "marker".equals(m.getBody())));
        assertThat(refusedInbox).noneMatch(m -> m.toXML().toString().contains("bulletin"));
        pubsub(owner).deleteNode("paie-confidentiel");
    }

    @Test
    void ownersManageAffiliationsAndSubscriptionsAndDeleteWithARedirect() throws Exception {
        XMPPTCPConnection owner = smack.login("owner2", "admin");
        XMPPTCPConnection helper = smack.login("reader2", "admin");
        XMPPTCPConnection placed = smack.login("telephonie", "admin");
        LeafNode node = pubsub(owner).createNode("annonces");
        LeafNode asHelper = pubsub(helper).getLeafNode("annonces");
        assertThatThrownBy(() -> asHelper.publish(item("x", "not yet"))).isInstanceOf(XMPPErrorException.class);

        // The owner makes reader2 a publisher (§8.9.2) and subscribes telephonie itself (§8.8.2).
        node.modifyAffiliationAsOwner(List.of(new Affiliation(helper.getUser().asBareJid(),
                Affiliation.Type.publisher)));
        // Read back by hand: Smack 4.5 registers no parser for an owner's <affiliations/> (getAffiliationsAsOwner
        // fails on any server with a ClassCastException).
        String affiliations = owner.sendIqRequestAndWaitForResponse(new OwnerIq(IQ.Type.get,
                "<affiliations node='annonces'/>")).toXML().toString();
        assertThat(affiliations).contains("jid='owner2@localhost' affiliation='owner'",
                "jid='reader2@localhost' affiliation='publisher'");
        node.modifySubscriptionsAsOwner(List.of(new Subscription(placed.getUser().asBareJid(),
                Subscription.State.subscribed)));
        assertThat(node.getSubscriptionsAsOwner()).extracting(sub -> sub.getJid().toString())
                .containsExactly("telephonie@localhost");
        BlockingQueue<Item> inbox = listen(pubsub(placed).getLeafNode("annonces"));
        BlockingQueue<Message> placedMessages = SmackServerExtension.inbox(placed);
        asHelper.publish(item("a1", "published by the new publisher"));
        assertThat(inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS).getId()).isEqualTo("a1");

        // Deleting tells the subscriber (§8.4.1; Smack's parser keeps no <redirect/>, the pubsub module's
        // tests check it).
        owner.sendIqRequestAndWaitForResponse(new OwnerIq(IQ.Type.set, "<delete node='annonces'><redirect"
                + " uri='xmpp:pubsub.localhost?;node=annonces-2'/></delete>"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(placedMessages.stream().map(m -> m.toXML().toString()))
                .anyMatch(m -> m.contains("<delete xmlns='" + PubSubNamespace.event.getXmlns()
                        + "' node='annonces'/>")));
        // Smack caches the node objects it has seen: ask the service itself.
        assertThatThrownBy(() -> ServiceDiscoveryManager.getInstanceFor(placed)
                .discoverInfo(JidCreate.from("pubsub.localhost"), "annonces"))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.item_not_found));
    }

    /** A pubsub#owner IQ to the service written out by hand (Smack's deleteNode has no redirect). */
    private static final class OwnerIq extends IQ {
        private final String xml;

        OwnerIq(Type type, String xml) {
            super("pubsub", "http://jabber.org/protocol/pubsub#owner");
            this.xml = xml;
            setTo(JidCreate.domainBareFromOrThrowUnchecked("pubsub.localhost"));
            setType(type);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder b) {
            b.rightAngleBracket();
            b.append(xml);
            return b;
        }
    }

    /** Reads the approval request for {@code subscriber} (XEP-0060 §8.6.1) and submits the owner's answer. */
    private static void answerApproval(XMPPTCPConnection owner, BlockingQueue<Message> inbox, String subscriber,
                                       boolean allow) throws Exception {
        Message request = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getFrom().toString()).isEqualTo("pubsub.localhost");
        DataForm form = DataForm.from(request);
        assertThat(form.getFormType()).isEqualTo("http://jabber.org/protocol/pubsub#subscribe_authorization");
        assertThat(form.getField("pubsub#subscriber_jid").getFirstValue()).isEqualTo(subscriber);
        DataForm answer = DataForm.builder(DataForm.Type.submit).setFormType(form.getFormType())
                .addField(FormField.textSingleBuilder("pubsub#node")
                        .setValue(form.getField("pubsub#node").getFirstValue()).build())
                .addField(FormField.textSingleBuilder("pubsub#subscriber_jid").setValue(subscriber).build())
                .addField(FormField.textSingleBuilder("pubsub#subid")
                        .setValue(form.getField("pubsub#subid").getFirstValue()).build())
                .addField(FormField.booleanBuilder("pubsub#allow").setValue(allow).build())
                .build();
        owner.sendStanza(owner.getStanzaFactory().buildMessageStanza().to(request.getFrom()).addExtension(answer)
                .build());
    }
}
