package causse.server.modules.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import causse.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** A block list outlives the server, and holds for an account with no session (its list is then read from storage). */
class BlockingRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void blockListSurvivesRestartAndAppliesWhileTheBlockerIsOffline() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.addUser("bob");
            server.addUser("mallory");
            XMPPTCPConnection bob = server.login("bob", "r");
            BlockingCommandManager.getInstanceFor(bob).blockContacts(List.of(JidCreate.from("mallory@localhost")));
            bob.disconnect();
        }
        try (TestServer server = TestServer.start(dataDir)) {
            XMPPTCPConnection mallory = server.login("mallory", "r");
            Jid bob = JidCreate.from("bob@localhost");
            // bob has no session now: the stored list decides.
            assertRefused(mallory, bob);

            XMPPTCPConnection bobAgain = server.login("bob", "r");
            assertThat(BlockingCommandManager.getInstanceFor(bobAgain).getBlockList()).extracting(Jid::toString)
                    .containsExactly("mallory@localhost");
            assertRefused(mallory, bob);
            BlockingCommandManager.getInstanceFor(bobAgain).unblockAll();
            bobAgain.disconnect();
            assertThat(ServiceDiscoveryManager.getInstanceFor(mallory).discoverInfo(bob)).isNotNull();
            mallory.disconnect();
        }
    }

    private static void assertRefused(XMPPTCPConnection from, Jid to) {
        Throwable t = catchThrowable(() -> ServiceDiscoveryManager.getInstanceFor(from).discoverInfo(to));
        assertThat(t).isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
    }
}
