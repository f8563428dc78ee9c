package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telnet session of the 2004 ejabberd talk, replayed on a raw socket: a pre-XMPP-1.0 stream,
 * jabber:iq:auth (XEP-0078, switched on for this test), presence, a message each way, the close.
 */
class TelnetSessionTest {
    static final String OPEN = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";

    @Test
    void theClassicTelnetSessionStillWorks(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, true))) {
            server.addUser("test");
            server.addUser("test2");
            try (RawXmppClient test = new RawXmppClient(server.c2sPort());
                 RawXmppClient test2 = new RawXmppClient(server.c2sPort())) {
                login(test2, "test2");
                login(test, "test");
                test.send("<message to='test2@localhost' type='chat'><body>Hello from telnet</body></message>");
                String got = test2.expect("<message [^>]*>.*?</message>").group();
                assertThat(got).contains("from=\"test@localhost/telnet\"", "<body>Hello from telnet</body>");

                test2.send("<message to='test@localhost/telnet' type='chat'><body>Hi back</body></message>");
                assertThat(test.expect("<message [^>]*>.*?</message>").group())
                        .contains("from=\"test2@localhost/telnet\"", "<body>Hi back</body>");

                test.send("</stream:stream>");
                assertThat(test.awaitClose(Duration.ofSeconds(10))).contains("</stream:stream>");
            }
        }
    }

    @Test
    void legacyAuthWithAWrongPasswordIsNotAuthorized(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, true));
             RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            server.addUser("test");
            c.send(OPEN).expect("<stream:stream [^>]*>");
            c.send("<iq type='set' id='auth'><query xmlns='jabber:iq:auth'><username>test</username>"
                    + "<password>wrong</password><resource>telnet</resource></query></iq>");
            c.expect("<iq [^>]*type=\"error\".*<not-authorized");
        }
    }

    private static void login(RawXmppClient c, String user) throws Exception {
        c.send(OPEN);
        String header = c.expect("<stream:stream [^>]*>").group();
        assertThat(header).doesNotContain("version=");
        c.send("<iq type='get' id='auth1'><query xmlns='jabber:iq:auth'><username>" + user + "</username></query></iq>");
        c.expect("<iq [^>]*id=\"auth1\".*?<password/>.*?</iq>");
        c.send("<iq type='set' id='auth2'><query xmlns='jabber:iq:auth'><username>" + user + "</username>"
                + "<password>" + TestServer.PASSWORD + "</password><resource>telnet</resource></query></iq>");
        c.expect("<iq [^>]*type=\"result\"[^>]*/>|<iq [^>]*type=\"result\"[^>]*></iq>");
        c.send("<presence/>");
    }
}
