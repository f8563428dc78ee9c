package causse.server.modules.blocking;

import static causse.server.SmackServerExtension.inbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.SmackServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** Blocking Command (XEP-0191) through Smack's BlockingCommandManager against a real server. */
class BlockingModuleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("alice", "bob", "carol", "mallory",
            "trent");

    private XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = smack.login(user, resource);
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().build());
        return c;
    }

    private static Jid jid(String s) throws Exception {
        return JidCreate.from(s);
    }

    private static void send(XMPPTCPConnection from, String to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(jid(to)).ofType(Message.Type.chat)
                .setBody(body).build());
    }

    /** Waits until the account's own list (read through a fresh request) contains these JIDs. */
    private static void awaitList(XMPPTCPConnection c, String... jids) {
        await().atMost(WAIT).until(() -> c.sendIqRequestAndWaitForResponse(new BlocklistGet()).toXML().toString(),
                xml -> java.util.Arrays.stream(jids).allMatch(xml::contains));
    }

    @Test
    void blockListCrudWithPushesToTheResourcesThatAskedForIt() throws Exception {
        XMPPTCPConnection a = login("alice", "a");
        XMPPTCPConnection b = login("alice", "b");
        XMPPTCPConnection c = login("alice", "c");
        List<String> pushesToC = new CopyOnWriteArrayList<>();
        // Smack answers pushes only through a manager's handlers; c's manager never asks for the list itself.
        BlockingCommandManager mc = BlockingCommandManager.getInstanceFor(c);
        mc.addJidsBlockedListener(j -> pushesToC.add("block"));
        mc.addJidsUnblockedListener(j -> pushesToC.add("unblock"));
        mc.addAllJidsUnblockedListener(() -> pushesToC.add("unblock-all"));
        BlockingCommandManager ma = BlockingCommandManager.getInstanceFor(a);
        BlockingCommandManager mb = BlockingCommandManager.getInstanceFor(b);
        assertThat(ma.getBlockList()).isEmpty();
        assertThat(mb.getBlockList()).isEmpty();
        BlockingQueue<List<Jid>> blockedAtB = new LinkedBlockingQueue<>();
        BlockingQueue<List<Jid>> unblockedAtB = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> allUnblockedAtB = new LinkedBlockingQueue<>();
        mb.addJidsBlockedListener(blockedAtB::add);
        mb.addJidsUnblockedListener(unblockedAtB::add);
        mb.addAllJidsUnblockedListener(() -> allUnblockedAtB.add(true));

        ma.blockContacts(List.of(jid("mallory@localhost"), jid("evil.example"), jid("x@evil.example/r")));
        assertThat(blockedAtB.poll(10, TimeUnit.SECONDS)).extracting(Jid::toString)
                .containsExactlyInAnyOrder("mallory@localhost", "evil.example", "x@evil.example/r");
        await().atMost(WAIT).until(() -> ma.getBlockList().size() == 3);
        awaitList(a, "mallory@localhost", "evil.example", "x@evil.example/r");

        ma.unblockContacts(List.of(jid("evil.example")));
        assertThat(unblockedAtB.poll(10, TimeUnit.SECONDS)).extracting(Jid::toString)
                .containsExactly("evil.example");
        // c had not asked for the list: it got no push of the block or the unblock.
        assertThat(pushesToC).isEmpty();
        awaitList(c, "mallory@localhost", "x@evil.example/r");

        ma.unblockAll();
        assertThat(allUnblockedAtB.poll(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> !c.sendIqRequestAndWaitForResponse(new BlocklistGet()).toXML().toString()
                .contains("item"));
        // Once c asked for the list, it is told of changes too.
        await().atMost(WAIT).until(() -> pushesToC.contains("unblock-all"));
    }

    @Test
    void blockedSenderIsRefusedAndBlockerCannotWriteToIt() throws Exception {
        XMPPTCPConnection bob = login("bob", "r");
        XMPPTCPConnection mallory = login("mallory", "r");
        XMPPTCPConnection carol = login("carol", "r");
        BlockingQueue<Message> bobInbox = inbox(bob);
        BlockingQueue<Message> malloryInbox = inbox(mallory);
        BlockingQueue<Presence> malloryPresence = new LinkedBlockingQueue<>();
        // Synchronous: presence must be seen in arrival order.
        mallory.addSyncStanzaListener(s -> malloryPresence.add((Presence) s), StanzaTypeFilter.PRESENCE);

        // mallory is subscribed to bob's presence, so XEP-0191 lets her see bob disappear and come back.
        org.jivesoftware.smack.roster.Roster bobRoster = org.jivesoftware.smack.roster.Roster.getInstanceFor(bob);
        bobRoster.setSubscriptionMode(org.jivesoftware.smack.roster.Roster.SubscriptionMode.accept_all);
        org.jivesoftware.smack.roster.Roster.getInstanceFor(mallory)
                .sendSubscriptionRequest(JidCreate.entityBareFrom("bob@localhost"));
        nextPresenceFromBob(malloryPresence, Presence.Type.available);

        BlockingCommandManager.getInstanceFor(bob).blockContacts(List.of(jid("mallory@localhost")));
        // XEP-0191 §3.3: bob now appears offline to mallory.
        nextPresenceFromBob(malloryPresence, Presence.Type.unavailable);

        send(mallory, "bob@localhost", "let me in");
        Message refused = malloryInbox.poll(10, TimeUnit.SECONDS);
        assertThat(refused.getType()).isEqualTo(Message.Type.error);
        assertThat(refused.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);

        send(bob, "mallory@localhost/r", "go away");
        Message blocked = bobInbox.poll(10, TimeUnit.SECONDS);
        assertThat(blocked.getType()).isEqualTo(Message.Type.error);
        assertThat(blocked.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat((Object) blocked.getError().getExtension("blocked", "urn:xmpp:blocking:errors")).isNotNull();

        // Others still get through, and they are the first thing each side receives: nothing blocked slipped in.
        send(carol, "bob@localhost", "hello bob");
        send(carol, "mallory@localhost", "hello mallory");
        assertThat(bobInbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("hello bob");
        assertThat(malloryInbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("hello mallory");

        BlockingCommandManager.getInstanceFor(bob).unblockContacts(List.of(jid("mallory@localhost")));
        awaitList(bob);
        // XEP-0191 §3.4: mallory, still allowed to see bob's presence, gets his current presence again.
        nextPresenceFromBob(malloryPresence, Presence.Type.available);
        send(mallory, "bob@localhost", "friends again");
        assertThat(bobInbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("friends again");
    }

    /** Skips other presence (subscription traffic) until bob/r's presence of this type; fails after WAIT. */
    private static void nextPresenceFromBob(BlockingQueue<Presence> queue, Presence.Type type) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Presence p = queue.poll(100, TimeUnit.MILLISECONDS);
            if (p != null && p.getType() == type && "bob@localhost/r".equals(String.valueOf(p.getFrom()))) {
                return;
            }
        }
        throw new AssertionError("no " + type + " presence from bob@localhost/r within " + WAIT);
    }

    @Test
    void iqRequestsFromABlockedJidGetServiceUnavailable() throws Exception {
        XMPPTCPConnection trent = login("trent", "r");
        XMPPTCPConnection mallory = login("mallory", "iq");
        BlockingCommandManager.getInstanceFor(trent).blockContacts(List.of(jid("mallory@localhost")));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() ->
                ServiceDiscoveryManager.getInstanceFor(mallory).discoverInfo(jid("trent@localhost")));
        assertThat(t).isInstanceOfSatisfying(org.jivesoftware.smack.XMPPException.XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
        BlockingCommandManager.getInstanceFor(trent).unblockAll();
        awaitList(trent);
        assertThat(ServiceDiscoveryManager.getInstanceFor(mallory).discoverInfo(jid("trent@localhost"))).isNotNull();
    }

    @Test
    void fullJidBlocksOnlyThatResource() throws Exception {
        XMPPTCPConnection carol = login("carol", "full");
        XMPPTCPConnection phone = login("mallory", "phone");
        XMPPTCPConnection laptop = login("mallory", "laptop");
        BlockingQueue<Message> carolInbox = inbox(carol);
        BlockingQueue<Message> phoneInbox = inbox(phone);
        BlockingCommandManager.getInstanceFor(carol).blockContacts(List.of(jid("mallory@localhost/phone")));

        send(phone, "carol@localhost/full", "from the phone");
        assertThat(phoneInbox.poll(10, TimeUnit.SECONDS).getError().getCondition())
                .isEqualTo(StanzaError.Condition.service_unavailable);
        send(laptop, "carol@localhost/full", "from the laptop");
        assertThat(carolInbox.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("from the laptop");
        BlockingCommandManager.getInstanceFor(carol).unblockAll();
        awaitList(carol);
    }

    @Test
    void serverAdvertisesBlocking() throws Exception {
        XMPPTCPConnection a = login("carol", "disco");
        assertThat(BlockingCommandManager.getInstanceFor(a).isSupportedByServer()).isTrue();
    }

    /** A plain block list request, answered afresh by the server (Smack's manager would use its cache). */
    static final class BlocklistGet extends IQ {
        BlocklistGet() {
            super("blocklist", "urn:xmpp:blocking");
            setType(Type.get);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }
}
