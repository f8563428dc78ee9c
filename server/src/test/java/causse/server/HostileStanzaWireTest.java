package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Well-formed XML used against the rules on a real server (issue 7): stanzas before authentication or
 * before a resource is bound, a {@code from} that lies, IQs without their child. Each gets the stream or
 * stanza error RFC 6120 names, nothing is delivered that should not be, and two other sessions carry on.
 * Already covered elsewhere: a message before authentication ({@code C2sWireTest}), an IQ get without
 * child ({@code C2sWireTest}), a spoofed {@code from} on a chat message through Smack ({@code C2sSmackTest}).
 */
class HostileStanzaWireTest {
    private static final String OPEN = C2sWireTest.OPEN;
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static Bystanders bystanders;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        for (String user : new String[] {"alice", "bob", "mallory"}) {
            server.addUser(user);
        }
        bystanders = Bystanders.login(server, "alice", "bob");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            bystanders.close();
        } finally {
            server.close();
        }
    }

    private static void assertBystandersUnharmed() throws Exception {
        assertThat(bystanders.assertUnharmed()).doesNotContain("mallory", "evil");
    }

    /** RFC 6120 §4.9.3.12: stanzas before authentication are not processed; the stream ends with not-authorized. */
    @ParameterizedTest
    @ValueSource(strings = {
        "<message to='bob@localhost/bystander'><body>evil</body></message>",
        "<presence to='bob@localhost/bystander'><status>evil</status></presence>",
        "<iq type='get' id='evil' to='bob@localhost/bystander'><ping xmlns='urn:xmpp:ping'/></iq>",
        "<iq type='set' id='evil'><query xmlns='jabber:iq:roster'><item jid='evil@localhost'/></query></iq>"})
    void aStanzaBeforeAuthenticationIsNotAuthorized(String stanza) throws Exception {
        try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(), TestServer.DOMAIN)) {
            c.send(OPEN).expect("</stream:features>");
            c.send(stanza);
            String got = c.awaitStreamError("not-authorized");
            assertThat(got).doesNotContain("<iq", "<message", "<presence");
        }
        assertBystandersUnharmed();
    }

    /** RFC 6120 §7.1: authenticated but not bound yet, a stanza is not processed either. */
    @ParameterizedTest
    @ValueSource(strings = {
        "<message to='bob@localhost/bystander'><body>evil</body></message>",
        "<presence/>",
        "<iq type='get' id='evil' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>"})
    void aStanzaAfterAuthenticationButBeforeBindIsNotAuthorized(String stanza) throws Exception {
        try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(), TestServer.DOMAIN)) {
            c.send(OPEN).expect("</stream:features>");
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + C2sWireTest.plain("", "mallory", TestServer.PASSWORD) + "</auth>").expect("<success");
            c.send(OPEN).expect("</stream:features>");
            c.send(stanza);
            String got = c.awaitStreamError("not-authorized");
            assertThat(got).doesNotContain("<iq", "<message", "<presence");
        }
        assertBystandersUnharmed();
    }

    /** RFC 6120 §8.1.2.1: the server overrides whatever {@code from} the client wrote with the session's full JID. */
    @Test
    void aSpoofedFromIsReplacedOnEveryKindOfStanza() throws Exception {
        try (RawXmppClient mallory = RawXmppClient.loggedIn(server, "mallory", "spoof");
             RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "target")) {
            String[] lies = {"alice@localhost/bystander", "localhost", "bob@localhost/target", "a@b@c"};
            for (String lie : lies) {
                mallory.send("<message from='" + lie + "' to='bob@localhost/target' id='m'><body>evil</body></message>");
                assertSender(bob.expect("<message [^>]*>"), "mallory@localhost/spoof");
                mallory.send("<presence from='" + lie + "' to='bob@localhost/target'><status>evil</status></presence>");
                assertSender(bob.expect("<presence [^>]*>(?=<status>evil)"), "mallory@localhost/spoof");
                mallory.send("<iq from='" + lie + "' to='bob@localhost/target' type='get' id='q'>"
                        + "<query xmlns='urn:example:evil'/></iq>");
                assertSender(bob.expect("<iq [^>]*>"), "mallory@localhost/spoof");
            }
            // The session is still fine after all of it.
            mallory.send("<iq type='get' id='alive' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            mallory.expect("id=\"alive\"");
        }
        assertBystandersUnharmed();
    }

    /**
     * An element of the streams namespace inside a payload is odd but legal. Stored as text (here a vCard)
     * it must parse back: before the fix every later vCard get for that account was an internal error.
     */
    @Test
    void aStreamsNamespaceElementInsideStoredXmlComesBack() throws Exception {
        try (RawXmppClient c = RawXmppClient.loggedIn(server, "mallory", "vcard")) {
            c.send("<iq type='set' id='v1'><vCard xmlns='vcard-temp'><FN>M</FN><stream:odd/></vCard></iq>");
            c.expect("<iq [^>]*id=\"v1\"[^>]*>|<iq [^>]*type=\"result\"[^>]*>");
            c.send("<iq type='get' id='v2'><vCard xmlns='vcard-temp'/></iq>");
            String answer = c.expect("<iq [^>]*id=\"v2\".*?</iq>").group();
            assertThat(answer).contains("type=\"result\"", "<FN>M</FN>", "<stream:odd/>").doesNotContain("internal-server-error");
        }
        assertBystandersUnharmed();
    }

    private static void assertSender(Matcher startTag, String expected) {
        assertThat(startTag.group()).as(startTag.group()).contains("from=\"" + expected + "\"");
    }

    /**
     * RFC 6120 §8.2.3: a get or set carries exactly one child, else bad-request; a result may be empty;
     * an error is never answered with an error (§8.3.1). Either way the session goes on.
     */
    @ParameterizedTest
    @ValueSource(strings = {"get", "set", "result", "error", "", "bogus"})
    void anIqOfAnyTypeWithoutAChildKeepsTheSession(String type) throws Exception {
        try (RawXmppClient c = RawXmppClient.loggedIn(server, "mallory", "iq-" + type)) {
            String typeAttribute = type.isEmpty() ? "" : " type='" + type + "'";
            for (String to : new String[] {"localhost", "bob@localhost/bystander", "mallory@localhost"}) {
                c.send("<iq" + typeAttribute + " id='empty' to='" + to + "'/>");
                c.send("<iq type='get' id='alive' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
                String before = c.expect("(.*?)<iq [^>]*id=\"alive\"").group(1);
                if (type.equals("result") || type.equals("error")) {
                    assertThat(before).as("answer to an empty %s", type).doesNotContain("id=\"empty\"");
                } else {
                    assertThat(before).containsPattern("<iq [^>]*type=\"error\"[^>]*>.*<error [^>]*type=\"modify\"[^>]*>"
                            + "<bad-request xmlns=\"" + STANZAS + "\"/>");
                    assertThat(before).contains("id=\"empty\"");
                }
            }
        }
        String atBob = bystanders.assertUnharmed();
        if (!type.equals("result") && !type.equals("error")) {
            // A refused request is answered to its sender and goes no further; a result or an error is routed.
            assertThat(atBob).doesNotContain("id=\"empty\"");
        }
    }
}
