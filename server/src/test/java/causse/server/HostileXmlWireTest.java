package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile XML on a real server (issue 7): each attack gets the stream error RFC 6120 §4.9.3 names, the
 * attacker's connection is closed (and its session gone), nothing it sent is delivered, and two other
 * sessions on the same server carry on. The codec's own tests ({@code XmppStreamDecoderRestrictionsTest})
 * cover the byte-level variants; these check the whole path from socket to session.
 */
class HostileXmlWireTest {
    private static final String OPEN = C2sWireTest.OPEN;
    private static final String BARE_OPEN = OPEN.substring("<?xml version='1.0'?>".length());

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

    /** Logs mallory in with {@code resource}, a new one per test, so that each test sees its own session go. */
    private static RawXmppClient mallory(String resource) throws Exception {
        return RawXmppClient.loggedIn(server, "mallory", resource);
    }

    private static void awaitSessionGone(String resource) {
        Jid jid = Jid.parse("mallory@localhost/" + resource);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().sessions().get(jid) == null);
    }

    /** The attack left no trace with the bystanders, who still talk to each other and to the server. */
    private static void assertBystandersUnharmed() throws Exception {
        assertThat(bystanders.assertUnharmed()).doesNotContain("mallory", "evil", "lol");
    }

    @Test
    void billionLaughsIsRestrictedXmlAndNeverExpanded() throws Exception {
        StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i <= 9; i++) {
            String previous = i == 1 ? "&lol;" : "&lol" + (i - 1) + ";";
            doc.append("<!ENTITY lol").append(i).append(" '").append(previous.repeat(10)).append("'>");
        }
        doc.append("]>").append(BARE_OPEN).append("<message to='bob@localhost/bystander'><body>&lol9;</body></message>");
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(doc.toString());
            String got = c.awaitStreamError("restricted-xml");
            assertThat(got).doesNotContain("lollol");
        }
        assertBystandersUnharmed();
    }

    @Test
    void anExternalEntityIsRestrictedXmlAndNothingIsFetched() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            String url = "http://127.0.0.1:" + trap.getLocalPort() + "/evil.dtd";
            c.send("<?xml version='1.0'?><!DOCTYPE stream:stream SYSTEM '" + url + "' [<!ENTITY xxe SYSTEM '" + url
                    + "'>]>" + BARE_OPEN + "<message to='bob@localhost/bystander'><body>&xxe;</body></message>");
            c.awaitStreamError("restricted-xml");
            // The refusal came before any of it was resolved: by now a fetch would be waiting here.
            trap.setSoTimeout(200);
            try {
                trap.accept().close();
                throw new AssertionError("the server fetched the external entity");
            } catch (SocketTimeoutException expected) {
                // nobody came
            }
        }
        assertBystandersUnharmed();
    }

    @Test
    void anEntityReferenceInAStanzaEndsAnAuthenticatedSession() throws Exception {
        try (RawXmppClient c = mallory("entity")) {
            c.send("<message to='bob@localhost/bystander'><body>evil &xxe;</body></message>");
            c.awaitStreamError("restricted-xml");
        }
        awaitSessionGone("entity");
        assertBystandersUnharmed();
    }

    @Test
    void invalidUtf8IsUnsupportedEncodingAndTheStanzaIsNotDelivered() throws Exception {
        try (RawXmppClient c = mallory("utf8")) {
            byte[] start = ("<message to='bob@localhost/bystander'><body>before the fault</body></message>"
                    + "<message to='bob@localhost/bystander'><body>evil ").getBytes(StandardCharsets.UTF_8);
            // An overlong '<' that a lenient decoder would turn into markup, then the rest of the stanza,
            // all in one write: the stanza before the fault is still delivered, the broken one is not.
            byte[] overlong = {(byte) 0xC0, (byte) 0xBC};
            byte[] end = "/body></message>".getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[start.length + overlong.length + end.length];
            System.arraycopy(start, 0, all, 0, start.length);
            System.arraycopy(overlong, 0, all, start.length, overlong.length);
            System.arraycopy(end, 0, all, start.length + overlong.length, end.length);
            c.send(all);
            c.awaitStreamError("unsupported-encoding");
        }
        awaitSessionGone("utf8");
        assertThat(bystanders.assertUnharmed()).contains("<body>before the fault</body>").doesNotContain("evil");
    }

    @Test
    void anUnboundNamespacePrefixIsBadNamespacePrefix() throws Exception {
        try (RawXmppClient c = mallory("prefix")) {
            c.send("<message to='bob@localhost/bystander'><body>evil</body><evil:x/></message>");
            c.awaitStreamError("bad-namespace-prefix");
        }
        awaitSessionGone("prefix");
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send("<?xml version='1.0'?><evil:stream xmlns='jabber:client' to='localhost' version='1.0'>");
            c.awaitStreamError("bad-namespace-prefix");
        }
        assertBystandersUnharmed();
    }

    /**
     * {@code <xml:odd/>} is legal XML. Relayed as {@code <odd xmlns="http://www.w3.org/XML/1998/namespace"/>}
     * (before the fix) it broke the parser of whoever received it: one client could end another's stream.
     */
    @Test
    void anElementInTheXmlNamespaceIsRelayedAsXmlTheRecipientCanParse() throws Exception {
        try (RawXmppClient c = mallory("xml-prefix")) {
            c.send("<message to='bob@localhost/bystander' id='odd1'><body>odd</body><xml:odd xml:lang='en'/></message>");
            c.send("<iq type='get' id='alive' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>").expect("id=\"alive\"");
        }
        String atBob = bystanders.assertUnharmed();
        Matcher relayed = Pattern.compile("<message [^>]*id=\"odd1\".*?</message>", Pattern.DOTALL).matcher(atBob);
        assertThat(relayed.find()).as(atBob).isTrue();
        XmlElement message = XmlParser.parse(relayed.group());
        assertThat(message.child("odd", Namespaces.XML)).as(relayed.group()).isNotNull();
    }

    /** Relayed, a namespace over 1000 characters would end the connection of a recipient using the JDK's parser. */
    @Test
    void aNamespaceLongerThanCommonParsersTakeIsAPolicyViolation() throws Exception {
        try (RawXmppClient c = mallory("long-ns")) {
            c.send("<message to='bob@localhost/bystander'><body>evil</body><x xmlns='urn:" + "n".repeat(1000) + "'/></message>");
            c.awaitStreamError("policy-violation");
        }
        awaitSessionGone("long-ns");
        assertBystandersUnharmed();
    }

    @Test
    void aHugeAttributeValueIsAPolicyViolationBeforeItEnds() throws Exception {
        int limit = server.server().config().limits().maxStanzaSize();
        try (RawXmppClient c = mallory("huge")) {
            c.send("<message to='bob@localhost/bystander' evil='");
            // More than the limit, in pieces, and never closed: the server must not wait for the end.
            String piece = "x".repeat(16 * 1024);
            for (int sent = 0; sent <= limit; sent += piece.length()) {
                c.send(piece);
            }
            c.awaitStreamError("policy-violation");
        }
        awaitSessionGone("huge");
        assertBystandersUnharmed();
    }

    @Test
    void aHugeJidWithinTheSizeLimitIsJidMalformedAndTheSessionGoesOn() throws Exception {
        try (RawXmppClient c = mallory("bigjid")) {
            c.send("<message id='j1' to='" + "m".repeat(100_000) + "@localhost'><body>evil</body></message>");
            c.expect("<message [^>]*type=\"error\".*<jid-malformed xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>");
            c.send("<iq type='get' id='after' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.expect("id=\"after\"");
        }
        assertBystandersUnharmed();
    }

    @Test
    void thousandsOfNestedElementsAreAPolicyViolation() throws Exception {
        try (RawXmppClient c = mallory("deep")) {
            c.send("<message to='bob@localhost/bystander'><body>evil</body>" + "<x>".repeat(5000));
            c.awaitStreamError("policy-violation");
        }
        awaitSessionGone("deep");
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            // Before authentication too: the depth is counted by the decoder, whoever sends.
            c.send(OPEN).expect("</stream:features>");
            c.send("<x>".repeat(5000));
            c.awaitStreamError("policy-violation");
        }
        assertBystandersUnharmed();
    }
}
