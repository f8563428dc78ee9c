package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * {@code causse deluser} while the server runs on the same database (H2's AUTO_SERVER mode lets both open it):
 * the server takes the request and removes the account itself, as an in-band cancellation does.
 */
class DeluserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.withUsers("alice", "bob", "carol");

    @TempDir
    Path dir;

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + TestServer.DOMAIN);
    }

    private XMPPTCPConnection login(String user) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smack.server().smackConfig(user, TestServer.PASSWORD, "r")
                .build());
        smack.track(c);
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        return c;
    }

    /** Runs {@code causse deluser} on the server's database, as an operator would from another terminal. */
    private String deluser(String account) throws Exception {
        Path config = dir.resolve("causse.yml");
        Files.writeString(config, "hosts:\n  - domain: localhost\ndata_dir: " + smack.server().dataDir() + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"deluser", "-c", config.toString(), account},
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void theRunningServerEndsTheSessionsAndTellsTheContacts() throws Exception {
        XMPPTCPConnection alice = login("alice");
        BlockingQueue<Presence> alicePresences = new LinkedBlockingQueue<>();
        alice.addSyncStanzaListener(p -> alicePresences.add((Presence) p), StanzaTypeFilter.PRESENCE);
        alice.connect().login();
        XMPPTCPConnection bob = login("bob");
        AtomicReference<Exception> bobClosedBy = new AtomicReference<>();
        bob.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                bobClosedBy.set(e);
            }
        });
        bob.connect().login();
        Roster aliceRoster = Roster.getInstanceFor(alice);
        aliceRoster.createItemAndRequestSubscription(jid("bob"), null, null);
        Roster.getInstanceFor(bob).createItemAndRequestSubscription(jid("alice"), null, null);
        await().atMost(WAIT).until(() -> typeOf(aliceRoster, "bob") == ItemType.both);
        await().atMost(WAIT).until(() -> aliceRoster.getPresence(jid("bob")).isAvailable());
        alicePresences.clear();

        assertThat(deluser("bob@localhost")).contains("Deleted bob@localhost (by the running server");

        await().atMost(WAIT).until(() -> bobClosedBy.get() != null);
        assertThat(bobClosedBy.get()).isInstanceOfSatisfying(StreamErrorException.class,
                e -> assertThat(e.getStreamError().getCondition()).isEqualTo(StreamError.Condition.not_authorized));
        await().atMost(WAIT).until(() -> alicePresences.stream().anyMatch(p -> p.getType() == Presence.Type.unavailable
                && p.getFrom().toString().equals("bob@localhost/r")));
        await().atMost(WAIT).untilAsserted(() -> {
            RosterEntry e = aliceRoster.getEntry(jid("bob"));
            assertThat(e.getType()).isEqualTo(ItemType.none);
            assertThat(e.isSubscriptionPending()).isFalse();
        });
        assertThat(smack.server().server().accounts().exists("bob@localhost")).isFalse();
        assertThat(smack.server().server().accounts().exists("alice@localhost")).isTrue();
    }

    @Test
    void anUnknownAccountIsAnErrorAndNothingIsAsked() throws Exception {
        Path config = dir.resolve("causse.yml");
        Files.writeString(config, "hosts:\n  - domain: localhost\ndata_dir: " + smack.server().dataDir() + "\n");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"deluser", "-c", config.toString(), "nobody@localhost"},
                new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no account nobody@localhost");
        assertThat(smack.server().server().accounts().exists("carol@localhost")).isTrue();
    }

    /** The command and the server as two processes, the command reaching the database through the server's H2. */
    @Test
    void aServerInAnotherProcessTakesTheRequest(@TempDir Path processDir) throws Exception {
        Path config = ServerProcess.configure(processDir, "");
        ServerProcess.addUser(config, "dan");
        try (ServerProcess server = ServerProcess.start(config, processDir.resolve("server.log"))) {
            XMPPTCPConnection dan = server.login("dan", "bot");
            AtomicReference<Exception> closedBy = new AtomicReference<>();
            dan.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closedBy.set(e);
                }
            });
            StringWriter out = new StringWriter();
            int code = Main.run(new String[] {"deluser", "-c", config.toString(), "dan@localhost"},
                    new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                    new PrintWriter(System.err, true));

            assertThat(code).isZero();
            assertThat(out.toString()).contains("by the running server");
            await().atMost(WAIT).until(() -> closedBy.get() != null);
            assertThat(closedBy.get()).isInstanceOf(StreamErrorException.class);
        }
    }

    private static ItemType typeOf(Roster roster, String user) {
        RosterEntry e = roster.getEntry(jid(user));
        return e == null ? null : e.getType();
    }
}
