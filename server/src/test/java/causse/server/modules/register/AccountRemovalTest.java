package causse.server.modules.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.server.SmackServerExtension;
import causse.server.TestServer;
import causse.server.config.ModuleOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.Affiliation;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.usertune.element.UserTuneElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * XEP-0077 §3.2 beyond the stored data: the subscriptions of a cancelled account are cancelled with its contacts
 * (RFC 6121 §3.2, §3.3), and a new account of the same name inherits nothing the server kept in memory: no PEP
 * node, no pubsub subscription, no affiliation.
 */
class AccountRemovalTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.configured(c -> c.withModules(Map.of("register",
            ModuleOptions.of("register", Map.of("enabled", true)))), "alice", "bob");

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + TestServer.DOMAIN);
    }

    private static XMPPTCPConnection connection(String user, String password, Roster.SubscriptionMode mode) {
        XMPPTCPConnection c;
        try {
            c = new XMPPTCPConnection(smack.server().smackConfig(user, password, "r").build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        smack.track(c);
        Roster.getInstanceFor(c).setSubscriptionMode(mode);
        return c;
    }

    /** Creates {@code user} in-band and logs it in. */
    private static XMPPTCPConnection register(String user, BlockingQueue<Presence> presences) throws Exception {
        XMPPTCPConnection c = connection(user, "pass", Roster.SubscriptionMode.manual);
        c.addSyncStanzaListener(p -> presences.add((Presence) p), StanzaTypeFilter.PRESENCE);
        c.connect();
        AccountManager.getInstance(c).createAccount(Localpart.from(user), "pass");
        c.login();
        return c;
    }

    private static void cancel(XMPPTCPConnection c) throws Exception {
        try {
            AccountManager.getInstance(c).deleteAccount();
        } catch (SmackException.NotConnectedException e) {
            // The stream error that follows the result may reach Smack first (see InBandRegistrationTest).
        }
        await().atMost(WAIT).until(() -> !c.isConnected());
    }

    private static Presence awaitPresence(BlockingQueue<Presence> q, String from, Presence.Type type) {
        return await().atMost(WAIT).until(() -> {
            for (Presence p; (p = q.poll()) != null; ) {
                if (p.getFrom().toString().equals(from) && p.getType() == type) {
                    return p;
                }
            }
            return null;
        }, p -> p != null);
    }

    @Test
    void contactsSeeTheAccountGoAndItsSubscriptionsEnd() throws Exception {
        BlockingQueue<Presence> doraPresences = new LinkedBlockingQueue<>();
        XMPPTCPConnection dora = register("dora", doraPresences);
        XMPPTCPConnection alice = connection("alice", TestServer.PASSWORD, Roster.SubscriptionMode.accept_all);
        BlockingQueue<Presence> alicePresences = new LinkedBlockingQueue<>();
        alice.addSyncStanzaListener(p -> alicePresences.add((Presence) p), StanzaTypeFilter.PRESENCE);
        alice.connect().login();
        XMPPTCPConnection bob = connection("bob", TestServer.PASSWORD, Roster.SubscriptionMode.manual);
        bob.connect().login();
        Roster aliceRoster = Roster.getInstanceFor(alice);
        Roster bobRoster = Roster.getInstanceFor(bob);

        // alice and dora: both ways. bob asked dora, who does not answer.
        Roster.getInstanceFor(dora).createItemAndRequestSubscription(jid("alice"), null, null);
        aliceRoster.createItemAndRequestSubscription(jid("dora"), null, null);
        awaitPresence(doraPresences, "alice@localhost", Presence.Type.subscribe);
        dora.sendStanza(dora.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribed)
                .to(jid("alice")).build());
        await().atMost(WAIT).until(() -> typeOf(aliceRoster, "dora") == ItemType.both);
        awaitPresence(alicePresences, "dora@localhost/r", Presence.Type.available);
        bobRoster.sendSubscriptionRequest(jid("dora"));
        awaitPresence(doraPresences, "bob@localhost", Presence.Type.subscribe);
        assertThat(bobRoster.getEntry(jid("dora")).isSubscriptionPending()).isTrue();

        cancel(dora);

        awaitPresence(alicePresences, "dora@localhost/r", Presence.Type.unavailable);
        await().atMost(WAIT).untilAsserted(() -> {
            RosterEntry e = aliceRoster.getEntry(jid("dora"));
            assertThat(e.getType()).isEqualTo(ItemType.none);
            assertThat(e.isSubscriptionPending()).isFalse();
            RosterEntry b = bobRoster.getEntry(jid("dora"));
            assertThat(b.getType()).isEqualTo(ItemType.none);
            assertThat(b.isSubscriptionPending()).as("bob's request was denied").isFalse();
        });
        // Smack shows dora offline: the unavailable came before the unsubscribed.
        assertThat(aliceRoster.getPresence(jid("dora")).isAvailable()).isFalse();
    }

    @Test
    void aNewAccountOfTheSameNameHasNoneOfTheOldPepNodes() throws Exception {
        XMPPTCPConnection erin = register("erin", new LinkedBlockingQueue<>());
        String node = UserTuneElement.NAMESPACE;
        PepManager.getInstanceFor(erin).publish(node, new PayloadItem<>("t1",
                UserTuneElement.getBuilder().setArtist("Satie").setTitle("Gymnopedie").build()));
        assertThat(ServiceDiscoveryManager.getInstanceFor(erin).discoverItems(jid("erin")).getItems()).hasSize(1);

        cancel(erin);
        XMPPTCPConnection again = register("erin", new LinkedBlockingQueue<>());

        assertThat(ServiceDiscoveryManager.getInstanceFor(again).discoverItems(jid("erin")).getItems()).isEmpty();
        XMPPTCPConnection alice = smack.login("alice", "peek");
        assertThat(ServiceDiscoveryManager.getInstanceFor(alice).discoverItems(jid("erin")).getItems()).isEmpty();
        assertThatThrownBy(() -> PepManager.getInstanceFor(again).getPepPubSubManager().getLeafNode(node).getItems())
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.item_not_found));
    }

    @Test
    void aNewAccountOfTheSameNameHasNoneOfTheOldSubscriptionsNorAffiliations() throws Exception {
        XMPPTCPConnection bob = smack.login("bob", "owner");
        LeafNode grh = pubsub(bob).createNode("grh");
        XMPPTCPConnection finn = register("finn", new LinkedBlockingQueue<>());
        grh.modifyAffiliationAsOwner(List.of(new Affiliation(jid("finn"), Affiliation.Type.publisher)));
        pubsub(finn).getLeafNode("grh").subscribe(jid("finn"));
        pubsub(finn).getLeafNode("grh").publish(new PayloadItem<>("n1", new SimplePayload(
                "<entry xmlns='urn:example:grh'>new employee</entry>")));
        assertThat(grh.getSubscriptionsAsOwner()).extracting(sub -> sub.getJid().toString())
                .containsExactly("finn@localhost");

        cancel(finn);
        XMPPTCPConnection again = register("finn", new LinkedBlockingQueue<>());

        await().atMost(WAIT).untilAsserted(() -> assertThat(grh.getSubscriptionsAsOwner()).isEmpty());
        assertThat(pubsub(again).getSubscriptions()).isEmpty();
        LeafNode asNewFinn = pubsub(again).getLeafNode("grh");
        assertThatThrownBy(() -> asNewFinn.publish(new PayloadItem<>("n2", new SimplePayload(
                "<entry xmlns='urn:example:grh'>forged</entry>"))))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.forbidden));
        // The node and what was published on it stay.
        List<Item> items = grh.getItems();
        assertThat(items).extracting(Item::getId).containsExactly("n1");
    }

    private static PubSubManager pubsub(XMPPTCPConnection c) {
        return PubSubManager.getInstanceFor(c, JidCreate.domainBareFromOrThrowUnchecked("pubsub.localhost"));
    }

    private static ItemType typeOf(Roster roster, String user) {
        RosterEntry e = roster.getEntry(jid(user));
        return e == null ? null : e.getType();
    }
}
