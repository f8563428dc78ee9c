package causse.server.modules.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.server.RawXmppClient;
import causse.server.SmackServerExtension;
import causse.server.config.ModuleOptions;
import java.time.Duration;
import java.util.Map;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.parts.Localpart;

/** XEP-0077 with the module turned on: create, log in, change the password, cancel; errors on the wire. */
class InBandRegistrationTest {
    static final String OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    @RegisterExtension
    static final SmackServerExtension smack = SmackServerExtension.configured(c -> c.withModules(Map.of("register",
            ModuleOptions.of("register", Map.of("enabled", true)))), "taken");

    private XMPPTCPConnection connect(String user, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smack.server().smackConfig(user, password, "r").build());
        smack.track(c);
        c.connect();
        return c;
    }

    @Test
    void createLoginChangePasswordCancel() throws Exception {
        XMPPTCPConnection anonymous = connect("newbie", "first-pass");
        AccountManager registration = AccountManager.getInstance(anonymous);
        assertThat(registration.supportsAccountCreation()).isTrue();
        assertThat(registration.getAccountAttributes()).contains("username", "password");
        registration.createAccount(Localpart.from("newbie"), "first-pass");
        anonymous.login();
        assertThat(anonymous.getUser().toString()).isEqualTo("newbie@localhost/r");

        AccountManager.getInstance(anonymous).changePassword("second-pass");
        XMPPTCPConnection again = connect("newbie", "second-pass");
        again.login();
        assertThat(again.isAuthenticated()).isTrue();
        assertThatThrownBy(() -> connect("newbie", "first-pass").login()).isInstanceOf(SASLErrorException.class);

        try {
            AccountManager.getInstance(again).deleteAccount();
        } catch (SmackException.NotConnectedException e) {
            // The result is written before the stream error, but Smack may hand the stream error to the
            // waiting request before it has processed the result: either way the account is gone.
            assertThat(e.getCause()).isInstanceOfSatisfying(XMPPException.StreamErrorException.class, se -> assertThat(
                    se.getStreamError().getCondition()).isEqualTo(StreamError.Condition.not_authorized));
        }
        // §3.2: every session of the cancelled account ends with a stream error
        await().atMost(Duration.ofSeconds(10)).until(() -> !again.isConnected() && !anonymous.isConnected());
        assertThat(smack.server().server().accounts().exists("newbie@localhost")).isFalse();
        assertThatThrownBy(() -> connect("newbie", "second-pass").login()).isInstanceOf(SASLErrorException.class);
    }

    @Test
    void existingUsernameIsAConflict() throws Exception {
        AccountManager registration = AccountManager.getInstance(connect("taken", "x"));
        assertThatThrownBy(() -> registration.createAccount(Localpart.from("taken"), "whatever"))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.conflict));
    }

    @Test
    void onTheWireFeatureFormAndErrors() throws Exception {
        try (RawXmppClient c = new RawXmppClient(smack.server().c2sPort())) {
            c.send(OPEN).expect("</stream:features>");
            c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").expect("<proceed");
            c.startTls(smack.server().sslContext(), "localhost");
            String features = c.send(OPEN).expect("<stream:features>.*</stream:features>").group();
            assertThat(features).contains("<register xmlns=\"http://jabber.org/features/iq-register\"/>");

            c.send("<iq type='get' id='g1'><query xmlns='jabber:iq:register'/></iq>");
            String form = c.expect("<iq [^>]*id=\"g1\".*?</iq>").group();
            assertThat(form).contains("type=\"result\"", "<instructions>", "<username/>", "<password/>");

            c.send("<iq type='set' id='s1'><query xmlns='jabber:iq:register'><username>nopass</username>"
                    + "<password/></query></iq>");
            assertThat(c.expect("<iq [^>]*id=\"s1\".*?</iq>").group()).contains("<not-acceptable ");

            c.send("<iq type='set' id='s2'><query xmlns='jabber:iq:register'><username>two words</username>"
                    + "<password>p</password></query></iq>");
            assertThat(c.expect("<iq [^>]*id=\"s2\".*?</iq>").group()).contains("<jid-malformed ");

            c.send("<iq type='set' id='s3'><query xmlns='jabber:iq:register'><remove/></query></iq>");
            assertThat(c.expect("<iq [^>]*id=\"s3\".*?</iq>").group()).contains("<unexpected-request ");
        }
    }
}
