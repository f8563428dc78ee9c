package causse.server.modules.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.TestServer;
import causse.server.config.ModuleOptions;
import java.nio.file.Path;
import java.util.Map;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.parts.Localpart;

/** XEP-0077 off by default; and the per-address limit when it is on. */
class RegistrationOffAndLimitsTest {
    @TempDir
    Path dataDir;

    @Test
    void offByDefaultNoFeatureAndTheIqIsRefused() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.addUser("alice");
            XMPPTCPConnection c = new XMPPTCPConnection(server.smackConfig("alice", TestServer.PASSWORD, "r").build());
            try {
                c.connect();
                assertThat(c.hasFeature("register", "http://jabber.org/features/iq-register")).isFalse();
                c.login();
                assertThatThrownBy(() -> AccountManager.getInstance(c).changePassword("other"))
                        .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(
                                e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable));
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void aThirdRegistrationFromOneAddressWithinTheHourIsRefused() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withModules(Map.of("register", ModuleOptions.of(
                "register", Map.of("enabled", true, "registrations_per_hour_per_ip", 2, "exempt_loopback", false)))))) {
            for (String user : new String[] {"one", "two"}) {
                register(server, user);
            }
            assertThatThrownBy(() -> register(server, "three"))
                    .isInstanceOfSatisfying(XMPPErrorException.class, e -> {
                        assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
                        assertThat(e.getStanzaError().getType()).isEqualTo(StanzaError.Type.WAIT);
                    });
            assertThat(server.server().accounts().exists("three@localhost")).isFalse();
        }
    }

    @Test
    void registrationCarriesAPasswordSoItIsNotOfferedOrAcceptedBeforeTls() throws Exception {
        // starttls optional, but passwords in clear not allowed: the plain stream must not take a registration.
        try (TestServer server = TestServer.start(dataDir, c -> TestServer.plaintextAllowed(c, false)
                .withAuth(new causse.server.config.AuthConfig(c.auth().mechanisms(), false, false, c.auth().scramIterations()))
                .withModules(Map.of("register", ModuleOptions.of("register", Map.of("enabled", true)))));
             causse.server.RawXmppClient c = new causse.server.RawXmppClient(server.c2sPort())) {
            c.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
            assertThat(c.expect("<stream:features>.*</stream:features>").group()).doesNotContain("iq-register");
            c.send("<iq type='set' id='r1'><query xmlns='jabber:iq:register'><username>eve</username>"
                    + "<password>clear</password></query></iq>");
            assertThat(c.awaitClose(java.time.Duration.ofSeconds(10))).contains("<not-authorized");
            assertThat(server.server().accounts().list("localhost")).doesNotContain("eve@localhost");
        }
    }

    private static void register(TestServer server, String user) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.smackConfig(user, "pw", "r").build());
        try {
            c.connect();
            AccountManager.getInstance(c).createAccount(Localpart.from(user), "pw");
        } finally {
            c.disconnect();
        }
    }
}
