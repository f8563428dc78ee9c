package causse.server.modules.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.SmackServerExtension;
import causse.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** Subscriptions and presence (RFC 6121 §3, §4) with Smack's Roster, two and three accounts at a time. */
class PresenceSmackTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("escalus", "montague", "romeo",
            "juliet", "nurse", "mercutio", "tybalt", "benvolio", "paris", "friar", "lady", "capulet", "balthasar",
            "peter", "sampson", "gregory", "abram", "stranger", "watch");

    /** A logged-in connection, available, whose presence stanzas all land in the returned queue. */
    record Client(XMPPTCPConnection connection, Roster roster, BlockingQueue<Presence> presences) {
        void subscribe(EntityBareJid to) throws Exception {
            roster.sendSubscriptionRequest(to);
        }

        void send(Presence.Type type, Jid to) throws Exception {
            connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(to).build());
        }

        ItemType typeOf(EntityBareJid contact) {
            RosterEntry e = roster.getEntry(contact);
            return e == null ? null : e.getType();
        }

        /** Waits for a presence that matches, dropping the others. */
        Presence await(Predicate<Presence> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> skipped = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                Presence p = presences.poll(100, TimeUnit.MILLISECONDS);
                if (p != null && wanted.test(p)) {
                    return p;
                }
                if (p != null) {
                    skipped.add(p.toXML().toString());
                }
            }
            throw new AssertionError("no matching presence within " + WAIT + "; skipped " + skipped);
        }
    }

    Client login(String user, String resource, Roster.SubscriptionMode mode) throws Exception {
        return login(smack.server(), user, resource, mode, smack.connections());
    }

    /**
     * A client without stream management (XEP-0198): when its connection is killed, its session ends at once
     * instead of waiting for it to resume (see StreamManagementSmackTest for that case).
     */
    Client loginWithoutStreamManagement(String user, String resource) throws Exception {
        return login(smack.server(), user, resource, Roster.SubscriptionMode.manual, smack.connections(), false);
    }

    static Client login(TestServer server, String user, String resource, Roster.SubscriptionMode mode,
                        List<XMPPTCPConnection> connections) throws Exception {
        return login(server, user, resource, mode, connections, true);
    }

    static Client login(TestServer server, String user, String resource, Roster.SubscriptionMode mode,
                        List<XMPPTCPConnection> connections, boolean streamManagement) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.smackConfig(user, TestServer.PASSWORD, resource).build());
        c.setUseStreamManagement(streamManagement);
        connections.add(c);
        Roster roster = Roster.getInstanceFor(c);
        roster.setSubscriptionMode(mode);
        BlockingQueue<Presence> presences = new LinkedBlockingQueue<>();
        // A synchronous listener sees stanzas in the order they arrived; asynchronous ones may not.
        c.addSyncStanzaListener(p -> presences.add((Presence) p), StanzaTypeFilter.PRESENCE);
        c.connect().login();
        roster.reloadAndWait();
        return new Client(c, roster, presences);
    }

    static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + TestServer.DOMAIN);
    }

    static Predicate<Presence> from(Jid from, Presence.Type type) {
        return p -> p.getFrom().equals(from) && p.getType() == type;
    }

    /** Both accounts subscribe to each other, each approving by hand. */
    static void befriend(Client a, String aUser, Client b, String bUser) throws Exception {
        a.subscribe(jid(bUser));
        b.await(from(jid(aUser), Presence.Type.subscribe));
        b.send(Presence.Type.subscribed, jid(aUser));
        b.subscribe(jid(aUser));
        a.await(from(jid(bUser), Presence.Type.subscribe));
        a.send(Presence.Type.subscribed, jid(bUser));
        await().atMost(WAIT).until(() -> a.typeOf(jid(bUser)) == ItemType.both && b.typeOf(jid(aUser)) == ItemType.both);
    }

    @Test
    void everyPresenceUpdateReachesAContactSubscribedBothWays() throws Exception {
        Client escalus = login("escalus", "house", Roster.SubscriptionMode.manual);
        Client montague = login("montague", "house", Roster.SubscriptionMode.manual);
        befriend(escalus, "escalus", montague, "montague");
        Jid from = JidCreate.from("escalus@localhost/house");
        // Updates sent back to back must each reach the subscriber, in order (RFC 6121 §4.4, RFC 6120 §10.1).
        for (int i = 0; i < 30; i++) {
            escalus.connection().sendStanza(escalus.connection().getStanzaFactory().buildPresenceStanza()
                    .setStatus("update " + i).build());
        }
        for (int i = 0; i < 30; i++) {
            String status = "update " + i;
            Presence p = montague.await(q -> q.getFrom().equals(from) && q.getStatus() != null
                    && q.getStatus().startsWith("update "));
            assertThat(p.getStatus()).isEqualTo(status);
        }
    }

    @Test
    void theFullHandshakeBothWaysEndsInBothWithPresenceSeenBothWays() throws Exception {
        Client romeo = login("romeo", "garden", Roster.SubscriptionMode.manual);
        Client juliet = login("juliet", "balcony", Roster.SubscriptionMode.manual);

        romeo.roster().createItemAndRequestSubscription(jid("juliet"), "Juliet", new String[] {"Capulets"});
        await().atMost(WAIT).until(() -> romeo.typeOf(jid("juliet")) == ItemType.none
                && romeo.roster().getEntry(jid("juliet")).isSubscriptionPending());
        Presence request = juliet.await(from(jid("romeo"), Presence.Type.subscribe));
        assertThat(request.getFrom().toString()).as("from the bare JID (§3.1.2)").isEqualTo("romeo@localhost");
        assertThat(juliet.roster().getEntry(jid("romeo"))).as("a request adds no item").isNull();

        juliet.send(Presence.Type.subscribed, jid("romeo"));
        await().atMost(WAIT).until(() -> romeo.typeOf(jid("juliet")) == ItemType.to
                && juliet.typeOf(jid("romeo")) == ItemType.from);
        await().atMost(WAIT).until(() -> romeo.roster().getPresence(jid("juliet")).isAvailable());
        assertThat(romeo.roster().getEntry(jid("juliet")).getName()).isEqualTo("Juliet");

        juliet.subscribe(jid("romeo"));
        romeo.await(from(jid("juliet"), Presence.Type.subscribe));
        romeo.send(Presence.Type.subscribed, jid("juliet"));
        await().atMost(WAIT).until(() -> romeo.typeOf(jid("juliet")) == ItemType.both
                && juliet.typeOf(jid("romeo")) == ItemType.both);
        await().atMost(WAIT).until(() -> juliet.roster().getPresence(jid("romeo")).isAvailable());
    }

    @Test
    void unsubscribeAndUnsubscribedCancelBothDirections() throws Exception {
        Client nurse = login("nurse", "r", Roster.SubscriptionMode.manual);
        Client friar = login("friar", "r", Roster.SubscriptionMode.manual);
        befriend(nurse, "nurse", friar, "friar");

        nurse.send(Presence.Type.unsubscribe, jid("friar"));
        friar.await(from(jid("nurse"), Presence.Type.unsubscribe));
        await().atMost(WAIT).until(() -> nurse.typeOf(jid("friar")) == ItemType.from
                && friar.typeOf(jid("nurse")) == ItemType.to);
        // The friar's server tells the nurse that his presence no longer reaches her (§3.3.3).
        nurse.await(p -> p.getFrom().asBareJid().equals(jid("friar")) && p.getType() == Presence.Type.unavailable);

        nurse.send(Presence.Type.unsubscribed, jid("friar"));
        friar.await(from(jid("nurse"), Presence.Type.unsubscribed));
        await().atMost(WAIT).until(() -> nurse.typeOf(jid("friar")) == ItemType.none
                && friar.typeOf(jid("nurse")) == ItemType.none);
        friar.await(p -> p.getFrom().asBareJid().equals(jid("nurse")) && p.getType() == Presence.Type.unavailable);
    }

    @Test
    void removingAContactCancelsTheSubscriptionsBothWays() throws Exception {
        Client paris = login("paris", "r", Roster.SubscriptionMode.manual);
        Client lady = login("lady", "r", Roster.SubscriptionMode.manual);
        befriend(paris, "paris", lady, "lady");

        paris.roster().removeEntry(paris.roster().getEntry(jid("lady")));
        lady.await(from(jid("paris"), Presence.Type.unsubscribe));
        lady.await(from(jid("paris"), Presence.Type.unsubscribed));
        await().atMost(WAIT).until(() -> lady.typeOf(jid("paris")) == ItemType.none
                && paris.roster().getEntry(jid("lady")) == null);
    }

    @Test
    void aContactsPresenceComesOnConnectAndProbesGiveTheCurrentOne() throws Exception {
        Client mercutio = login("mercutio", "street", Roster.SubscriptionMode.manual);
        Client tybalt = login("tybalt", "sword", Roster.SubscriptionMode.manual);
        befriend(mercutio, "mercutio", tybalt, "tybalt");
        tybalt.connection().disconnect();
        mercutio.await(from(JidCreate.from("tybalt@localhost/sword"), Presence.Type.unavailable));

        Client back = login("tybalt", "dagger", Roster.SubscriptionMode.manual);
        // Broadcast of the initial presence to the subscriber...
        mercutio.await(from(JidCreate.from("tybalt@localhost/dagger"), Presence.Type.available));
        // ...and the answer to the probe, from the contact's available resource.
        back.await(from(JidCreate.from("mercutio@localhost/street"), Presence.Type.available));
        await().atMost(WAIT).until(() -> back.roster().getPresence(jid("mercutio")).isAvailable());
    }

    @Test
    void aKilledConnectionIsBroadcastAsUnavailable() throws Exception {
        Client benvolio = login("benvolio", "r", Roster.SubscriptionMode.manual);
        Client capulet = login("capulet", "r", Roster.SubscriptionMode.manual);
        befriend(benvolio, "benvolio", capulet, "capulet");
        Client second = loginWithoutStreamManagement("capulet", "second");
        benvolio.await(from(JidCreate.from("capulet@localhost/second"), Presence.Type.available));
        // The account's other resource learns of it too (§4.2.2).
        capulet.await(from(JidCreate.from("capulet@localhost/second"), Presence.Type.available));

        second.connection().instantShutdown();
        benvolio.await(from(JidCreate.from("capulet@localhost/second"), Presence.Type.unavailable));
        capulet.await(from(JidCreate.from("capulet@localhost/second"), Presence.Type.unavailable));
        assertThat(benvolio.roster().getPresence(jid("capulet")).isAvailable()).isTrue();
    }

    @Test
    void directedPresenceIsFollowedByUnavailableWhenTheSenderGoesAway() throws Exception {
        Client balthasar = loginWithoutStreamManagement("balthasar", "r");
        Client peter = login("peter", "r", Roster.SubscriptionMode.manual);
        Jid peterFull = JidCreate.from("peter@localhost/r");
        Jid balthasarFull = JidCreate.from("balthasar@localhost/r");

        balthasar.send(Presence.Type.available, peterFull);
        peter.await(from(balthasarFull, Presence.Type.available));
        balthasar.connection().instantShutdown();
        peter.await(from(balthasarFull, Presence.Type.unavailable));
    }

    @Test
    void aWithdrawnRequestIsDroppedQuietlyAndNotSentAgainAtTheNextLogin() throws Exception {
        Client abram = login("abram", "r", Roster.SubscriptionMode.manual);
        Client gregory = login("gregory", "r", Roster.SubscriptionMode.manual);
        abram.subscribe(jid("gregory"));
        gregory.await(from(jid("abram"), Presence.Type.subscribe));
        // The roster push reached abram's connection before the request left, but Smack applies it on its own
        // thread: under load gregory can see the request first.
        await().atMost(WAIT).until(() -> abram.roster().getEntry(jid("gregory")) != null);
        // The removal's result waits for the withdrawal to be applied to gregory's account.
        abram.roster().removeEntry(abram.roster().getEntry(jid("gregory")));

        // RFC 6121 §3.3.3: gregory never showed abram as a subscriber, so the withdrawal is not delivered;
        // the request is gone, so the next login does not bring it back either.
        assertThat(presencesUntilMarker(gregory)).noneMatch(p -> jid("abram").equals(p.getFrom().asBareJid()));
        gregory.connection().disconnect();
        Client again = login("gregory", "r2", Roster.SubscriptionMode.manual);
        assertThat(presencesUntilMarker(again)).noneMatch(p -> jid("abram").equals(p.getFrom().asBareJid()));
    }

    /**
     * The presences a client receives until the echo of a presence it sends now: presence work for one account
     * runs in order, so whatever earlier work would have brought comes before the echo.
     */
    private static List<Presence> presencesUntilMarker(Client client) throws Exception {
        client.connection().sendStanza(client.connection().getStanzaFactory().buildPresenceStanza()
                .setStatus("marker").build());
        List<Presence> seen = new ArrayList<>();
        client.await(p -> {
            seen.add(p);
            return "marker".equals(p.getStatus());
        });
        return seen;
    }

    @Test
    void aSubscriptionToAnUnknownAccountIsRefused() throws Exception {
        Client sampson = login("sampson", "r", Roster.SubscriptionMode.manual);
        sampson.subscribe(jid("nobody"));
        sampson.await(from(jid("nobody"), Presence.Type.unsubscribed));
        await().atMost(WAIT).until(() -> sampson.typeOf(jid("nobody")) == ItemType.none
                && !sampson.roster().getEntry(jid("nobody")).isSubscriptionPending());
    }

    @Test
    void aPreApprovedContactIsSubscribedWithoutAskingTheUser() throws Exception {
        Client gregory = login("gregory", "r", Roster.SubscriptionMode.manual);
        Client peter = login("peter", "pre", Roster.SubscriptionMode.manual);
        assertThat(gregory.roster().isSubscriptionPreApprovalSupported()).isTrue();

        gregory.send(Presence.Type.subscribed, jid("peter"));
        await().atMost(WAIT).until(() -> gregory.roster().getEntry(jid("peter")) != null
                && gregory.roster().getEntry(jid("peter")).isApproved());

        peter.subscribe(jid("gregory"));
        peter.await(from(jid("gregory"), Presence.Type.subscribed));
        await().atMost(WAIT).until(() -> peter.typeOf(jid("gregory")) == ItemType.to
                && gregory.typeOf(jid("peter")) == ItemType.from);
        await().atMost(WAIT).until(() -> peter.roster().getPresence(jid("gregory")).isAvailable());
        assertThat(gregory.presences()).noneMatch(p -> p.getType() == Presence.Type.subscribe);
    }

    @Test
    void rosterChangesReachEveryResourceThroughRosterListener() throws Exception {
        Client phone = login("abram", "phone", Roster.SubscriptionMode.manual);
        Client laptop = login("abram", "laptop", Roster.SubscriptionMode.manual);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        laptop.roster().addRosterListener(new RosterListener() {
            @Override
            public void entriesAdded(Collection<Jid> jids) {
                jids.forEach(j -> events.add("added " + j));
            }

            @Override
            public void entriesUpdated(Collection<Jid> jids) {
                jids.forEach(j -> events.add("updated " + j));
            }

            @Override
            public void entriesDeleted(Collection<Jid> jids) {
                jids.forEach(j -> events.add("deleted " + j));
            }

            @Override
            public void presenceChanged(Presence presence) {
            }
        });

        phone.roster().createItem(jid("rosaline"), "Rosaline", new String[] {"Fair"});
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("added rosaline@localhost");
        RosterEntry seen = laptop.roster().getEntry(jid("rosaline"));
        assertThat(seen.getName()).isEqualTo("Rosaline");
        assertThat(seen.getGroups()).extracting(g -> g.getName()).containsExactly("Fair");

        // Smack applies the roster push to phone's own roster on another thread than the IQ result.
        await().atMost(WAIT).until(() -> phone.roster().getEntry(jid("rosaline")) != null);
        phone.roster().getEntry(jid("rosaline")).setName("Rosa");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("updated rosaline@localhost");
        assertThat(laptop.roster().getEntry(jid("rosaline")).getName()).isEqualTo("Rosa");

        phone.roster().removeEntry(phone.roster().getEntry(jid("rosaline")));
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("deleted rosaline@localhost");
        await().atMost(WAIT).until(() -> phone.roster().getEntry(jid("rosaline")) == null);
    }

    @Test
    void aProbeOfAContactWithNoAvailableResourceIsAnsweredUnavailable() throws Exception {
        Client watch = login("watch", "r", Roster.SubscriptionMode.manual);
        Client stranger = login("stranger", "r", Roster.SubscriptionMode.manual);
        befriend(watch, "watch", stranger, "stranger");
        stranger.connection().disconnect();
        watch.connection().disconnect();

        Client back = login("watch", "again", Roster.SubscriptionMode.manual);
        Presence answer = back.await(p -> p.getFrom().asBareJid().equals(jid("stranger")));
        assertThat(answer.getType()).isEqualTo(Presence.Type.unavailable);
        assertThat(back.roster().getPresence(jid("stranger")).isAvailable()).isFalse();
    }
}
