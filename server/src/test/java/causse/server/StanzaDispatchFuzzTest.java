package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import causse.xml.XmlElement;
import causse.xml.XmlWriter;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes stanza dispatch on a real server: an authenticated client sends one stanza built from the input
 * (see {@link FuzzedStanza}), then a ping. Without {@code JAZZER_FUZZ} this replays the seeds in
 * {@code src/test/resources/causse/server/StanzaDispatchFuzzTestInputs/dispatchesAnyStanza/}.
 *
 * <p>For every stanza: the ping is answered (no hang), or the server ends the stream with a stream error
 * that is not its own fault; no answer carries {@code internal-server-error} or {@code undefined-condition}
 * (what a handler that threw produces); and two bystander sessions still talk to each other.
 */
class StanzaDispatchFuzzTest {
    private static final String MALLORY = "mallory@" + TestServer.DOMAIN;

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Bystanders bystanders;
    static RawXmppClient mallory;
    static int round;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        server.addUser("alice");
        server.addUser("bob");
        bystanders = Bystanders.login(server, "alice", "bob");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (mallory != null) {
                mallory.close();
            }
            bystanders.close();
        } finally {
            server.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void dispatchesAnyStanza(byte[] input) throws Exception {
        XmlElement stanza = FuzzedStanza.parse(new String(input, StandardCharsets.UTF_8));
        // Jazzer's SSRF detector flags every connection; the test's own logins are the only ones expected,
        // so a connection the server opened because of a stanza (to any other port) is still reported.
        try (SilentCloseable logins = BugDetectors.allowNetworkConnections(
                (host, port) -> port == server.directTlsPort() && isLoopback(host))) {
            dispatch(stanza);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }

    private static void dispatch(XmlElement stanza) throws Exception {
        RawXmppClient c = connected();
        String ping = "fuzz" + (++round);
        String xml = XmlWriter.toXml(stanza).replaceFirst(" xmlns=\"jabber:client\"", "");
        c.send(xml + "<iq type='get' id='" + ping + "' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Matcher m = c.expect("(.*?)(<iq [^>]*id=\"" + ping + "\"[^>]*>|</stream:stream>)");
        String answers = m.group(1);
        assertThat(answers).as("answers to %s", xml).doesNotContain("internal-server-error", "undefined-condition");
        if (m.group(2).equals("</stream:stream>")) {
            // A stream error for the client's fault is a fine answer (unsupported-stanza-type, policy-violation,
            // not-authorized after an account removal); the next input gets a new session.
            assertThat(answers).as("stream end after %s", xml).contains("<stream:error>");
            mallory.close();
            mallory = null;
        }
        bystanders.assertUnharmed();
    }

    /** Mallory's session, logged in again after a stream error; a stanza may have removed the account or changed its password. */
    private static RawXmppClient connected() throws Exception {
        if (mallory == null) {
            if (!server.server().accounts().exists(MALLORY)) {
                server.addUser("mallory");
            }
            server.server().accounts().changePassword(MALLORY, TestServer.PASSWORD);
            mallory = RawXmppClient.loggedIn(server, "mallory", "fuzz");
        }
        return mallory;
    }
}
