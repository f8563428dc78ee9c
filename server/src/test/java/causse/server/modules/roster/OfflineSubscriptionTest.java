package causse.server.modules.roster;

import static causse.server.modules.roster.PresenceSmackTest.WAIT;
import static causse.server.modules.roster.PresenceSmackTest.from;
import static causse.server.modules.roster.PresenceSmackTest.jid;
import static org.awaitility.Awaitility.await;

import causse.server.TestServer;
import causse.server.modules.roster.PresenceSmackTest.Client;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subscription request to an offline account waits for its next login, across a server restart (RFC 6121 §3.1.3). */
class OfflineSubscriptionTest {
    private final List<XMPPTCPConnection> connections = new ArrayList<>();

    @AfterEach
    void disconnect() {
        connections.forEach(XMPPTCPConnection::disconnect);
    }

    @Test
    void aRequestToAnOfflineAccountIsDeliveredAtItsNextLoginEvenAfterARestart(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            server.addUser("alice");
            server.addUser("bob");
            Client alice = PresenceSmackTest.login(server, "alice", "r", Roster.SubscriptionMode.manual, connections);
            alice.subscribe(jid("bob"));
            await().atMost(WAIT).until(() -> alice.roster().getEntry(jid("bob")) != null
                    && alice.roster().getEntry(jid("bob")).isSubscriptionPending());
            alice.connection().disconnect();
        }
        try (TestServer server = TestServer.start(dir)) {
            Client bob = PresenceSmackTest.login(server, "bob", "r", Roster.SubscriptionMode.manual, connections);
            bob.await(from(jid("alice"), Presence.Type.subscribe));
            bob.connection().disconnect();

            // Not answered yet: it comes again at the next login, and the answer reaches alice's roster.
            Client again = PresenceSmackTest.login(server, "bob", "r2", Roster.SubscriptionMode.manual, connections);
            again.await(from(jid("alice"), Presence.Type.subscribe));
            again.send(Presence.Type.subscribed, jid("alice"));
            await().atMost(WAIT).until(() -> again.typeOf(jid("alice")) == ItemType.from);

            Client alice = PresenceSmackTest.login(server, "alice", "r", Roster.SubscriptionMode.manual, connections);
            await().atMost(WAIT).until(() -> alice.typeOf(jid("bob")) == ItemType.to);
            await().atMost(WAIT).until(() -> alice.roster().getPresence(jid("bob")).isAvailable());
        }
    }
}
