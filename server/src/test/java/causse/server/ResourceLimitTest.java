package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.server.config.AuthFailureLimits;
import causse.server.config.LimitsConfig;
import causse.net.ShaperLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits.max_resources_per_account}: one resource too many is refused at bind, the others carry on. */
class ResourceLimitTest {
    @TempDir
    Path dir;

    private static boolean logsIn(TestServer server, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.smackConfig("bot", TestServer.PASSWORD, resource).build());
        try {
            c.connect().login();
            return c.isAuthenticated();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aResourceOverTheLimitIsRefusedWithResourceConstraint() throws Exception {
        LimitsConfig two = new LimitsConfig(262144, Duration.ofSeconds(300), 1000, 100, true, 2,
                AuthFailureLimits.DEFAULTS, LimitsConfig.DEFAULT_IDLE_TIMEOUT, LimitsConfig.DEFAULT_PING_TIMEOUT,
                LimitsConfig.DEFAULT_MAX_OUTBOUND_QUEUE, LimitsConfig.DEFAULT_SLOW_READER_TIMEOUT,
                ShaperLimits.DEFAULTS);
        try (TestServer server = TestServer.start(dir, c -> c.withLimits(two))) {
            server.addUser("bot");
            XMPPTCPConnection first = server.login("bot", "one");
            XMPPTCPConnection second = server.login("bot", "two");

            XMPPTCPConnection third = new XMPPTCPConnection(server.smackConfig("bot", TestServer.PASSWORD, "three")
                    .build());
            try {
                assertThatThrownBy(() -> third.connect().login()).isInstanceOfSatisfying(XMPPErrorException.class,
                        e -> assertThat(e.getStanzaError().getCondition())
                                .isEqualTo(StanzaError.Condition.resource_constraint));
            } finally {
                third.disconnect();
            }
            assertThat(first.isAuthenticated()).isTrue();
            // Taking over one of its own resources is not one more.
            XMPPTCPConnection again = server.login("bot", "two");
            await().atMost(Duration.ofSeconds(10)).until(() -> !second.isConnected());
            assertThat(again.isAuthenticated()).isTrue();
            // Once one goes, another may come.
            first.disconnect();
            // (The server unbinds the closed session as it notices the close: retry until it has.)
            await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(XMPPErrorException.class)
                    .until(() -> logsIn(server, "four"));
            again.disconnect();
        }
    }
}
