package causse.server.modules.roster;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.RawXmppClient;
import causse.server.TestServer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roster management on the wire (RFC 6121 §2): what Smack hides, byte for byte. */
class RosterWireTest {
    static final String OPEN = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, c -> TestServer.plaintextAllowed(c, true));
        for (String u : new String[] {"crud", "ver", "errors", "other", "quiet"}) {
            server.addUser(u);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A session of {@code user@localhost/resource}, authenticated with XEP-0078 over plain TCP, not yet available. */
    static RawXmppClient login(String user, String resource) throws Exception {
        RawXmppClient c = new RawXmppClient(server.c2sPort());
        c.send(OPEN).expect("<stream:stream [^>]*>");
        c.send("<iq type='set' id='auth'><query xmlns='jabber:iq:auth'><username>" + user + "</username>"
                + "<password>" + TestServer.PASSWORD + "</password><resource>" + resource + "</resource></query></iq>");
        iq(c, "auth");
        return c;
    }

    /** The next IQ with this id, whole. */
    static String iq(RawXmppClient c, String id) throws Exception {
        return c.expect("<iq [^>]*?id=\"" + Pattern.quote(id) + "\"[^>]*?(/>|>.*?</iq>)").group();
    }

    /** The next roster push, whole. */
    static String push(RawXmppClient c) throws Exception {
        return c.expect("<iq [^>]*id=\"push-[^\"]*\"[^>]*>.*?</iq>").group();
    }

    static String set(String id, String item) {
        return "<iq type='set' id='" + id + "'><query xmlns='jabber:iq:roster'>" + item + "</query></iq>";
    }

    @Test
    void setUpdateAndRemoveArePushedToEveryInterestedResourceIncludingTheSetter() throws Exception {
        try (RawXmppClient phone = login("crud", "phone"); RawXmppClient laptop = login("crud", "laptop");
             RawXmppClient bot = login("crud", "bot")) {
            phone.send("<iq type='get' id='g1'><query xmlns='jabber:iq:roster'/></iq>");
            assertThat(iq(phone, "g1")).contains("type=\"result\"").doesNotContain("<item");
            laptop.send("<iq type='get' id='g1'><query xmlns='jabber:iq:roster'/></iq>");
            iq(laptop, "g1");

            phone.send(set("s1", "<item jid='Nurse@Example.COM/ignored' name='Nurse'><group>Servants</group></item>"));
            assertThat(iq(phone, "s1")).contains("type=\"result\"");
            for (RawXmppClient c : new RawXmppClient[] {phone, laptop}) {
                assertThat(push(c)).contains("type=\"set\"", "jid=\"nurse@example.com\"", "name=\"Nurse\"",
                        "subscription=\"none\"", "<group>Servants</group>").doesNotContain("ask=");
            }

            laptop.send(set("s2", "<item jid='nurse@example.com' name='Angelica'><group>B</group><group>A</group></item>"));
            iq(laptop, "s2");
            assertThat(push(phone)).contains("name=\"Angelica\"", "<group>A</group><group>B</group>");
            push(laptop);

            phone.send("<iq type='get' id='g2'><query xmlns='jabber:iq:roster'/></iq>");
            assertThat(iq(phone, "g2")).contains("jid=\"nurse@example.com\"", "name=\"Angelica\"");

            phone.send(set("s3", "<item jid='nurse@example.com' subscription='remove'/>"));
            iq(phone, "s3");
            for (RawXmppClient c : new RawXmppClient[] {phone, laptop}) {
                assertThat(push(c)).contains("jid=\"nurse@example.com\"", "subscription=\"remove\"");
            }
            phone.send(set("s4", "<item jid='nurse@example.com' subscription='remove'/>"));
            assertThat(iq(phone, "s4")).contains("type=\"error\"", "<item-not-found");

            // The bot never asked for the roster: it is no interested resource and gets no pushes (§2.2).
            bot.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            Matcher untilPing = bot.expect("(.*?)<iq [^>]*?id=\"p1\"[^>]*?(/>|>.*?</iq>)");
            assertThat(untilPing.group()).contains("type=\"result\"");
            assertThat(untilPing.group(1)).doesNotContain("push-");
        }
    }

    @Test
    void rosterVersionsAnswerAnUpToDateClientWithAnEmptyResult() throws Exception {
        try (RawXmppClient c = login("ver", "r")) {
            c.send("<iq type='get' id='v1'><query xmlns='jabber:iq:roster' ver=''/></iq>");
            String first = iq(c, "v1");
            String ver = verOf(first);
            assertThat(ver).isNotEmpty();

            c.send("<iq type='get' id='v2'><query xmlns='jabber:iq:roster' ver='" + ver + "'/></iq>");
            assertThat(iq(c, "v2")).matches("<iq [^>]*type=\"result\"[^>]*/>");

            c.send(set("s1", "<item jid='romeo@example.net'/>"));
            iq(c, "s1");
            String newVer = verOf(push(c));
            assertThat(newVer).isNotEqualTo(ver);

            c.send("<iq type='get' id='v3'><query xmlns='jabber:iq:roster' ver='" + ver + "'/></iq>");
            String full = iq(c, "v3");
            assertThat(full).contains("jid=\"romeo@example.net\"");
            assertThat(verOf(full)).isEqualTo(newVer);

            c.send("<iq type='get' id='v4'><query xmlns='jabber:iq:roster' ver='" + newVer + "'/></iq>");
            assertThat(iq(c, "v4")).doesNotContain("<query");
        }
    }

    @Test
    void aDeletedAndRecreatedAccountDoesNotReuseVersionStrings() throws Exception {
        String oldVer;
        try (RawXmppClient c = login("other", "r")) {
            c.send("<iq type='get' id='v1'><query xmlns='jabber:iq:roster' ver=''/></iq>");
            oldVer = verOf(iq(c, "v1"));
        }
        server.server().accounts().delete("other@localhost");
        server.addUser("other");
        try (RawXmppClient c = login("other", "r")) {
            c.send("<iq type='get' id='v2'><query xmlns='jabber:iq:roster' ver='" + oldVer + "'/></iq>");
            assertThat(verOf(iq(c, "v2"))).isNotEqualTo(oldVer);
        }
    }

    @Test
    void badRosterSetsGetTheErrorsOfRfc6121() throws Exception {
        try (RawXmppClient c = login("errors", "r")) {
            String longText = "x".repeat(1024);
            String[][] cases = {
                    {"<item jid='a@example.com'/><item jid='b@example.com'/>", "bad-request"},
                    {"<item jid='a@example.com' subscription='both'/>", "bad-request"},
                    {"<item jid='a@@example.com'/>", "jid-malformed"},
                    {"<item/>", "bad-request"},
                    {"<item jid='a@example.com' name='" + longText + "'/>", "not-acceptable"},
                    {"<item jid='a@example.com'><group>" + longText + "</group></item>", "not-acceptable"},
                    {"<item jid='a@example.com'><group></group></item>", "not-acceptable"},
                    {"<item jid='a@example.com'><group>G</group><group>G</group></item>", "bad-request"},
            };
            for (int i = 0; i < cases.length; i++) {
                c.send(set("e" + i, cases[i][0]));
                assertThat(iq(c, "e" + i)).as(cases[i][0]).contains("type=\"error\"", "<" + cases[i][1]);
            }
            c.send("<iq type='get' id='g'><query xmlns='jabber:iq:roster'/></iq>");
            assertThat(iq(c, "g")).doesNotContain("<item");
        }
    }

    @Test
    void anotherUsersRosterIsForbidden() throws Exception {
        try (RawXmppClient c = login("quiet", "r")) {
            c.send("<iq type='get' id='f1' to='errors@localhost'><query xmlns='jabber:iq:roster'/></iq>");
            assertThat(iq(c, "f1")).contains("type=\"error\"", "<forbidden");
            c.send("<iq type='get' id='f2' to='quiet@localhost'><query xmlns='jabber:iq:roster'/></iq>");
            assertThat(iq(c, "f2")).contains("type=\"result\"");
        }
    }

    @Test
    void rosterVersioningIsAdvertisedAfterAuthentication() throws Exception {
        String open = OPEN.replace("xmlns='jabber:client'", "xmlns='jabber:client' version='1.0'");
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(open).expect("<stream:features>.*?</stream:features>");
            String credentials = java.util.Base64.getEncoder().encodeToString(
                    ("\0quiet\0" + TestServer.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + credentials + "</auth>");
            c.expect("<success");
            c.send(open);
            String features = c.expect("<stream:features>.*?</stream:features>").group();
            assertThat(features).contains("<bind ", "<ver xmlns=\"urn:xmpp:features:rosterver\"/>",
                    "<sub xmlns=\"urn:xmpp:features:pre-approval\"/>");
        }
    }

    static String verOf(String iq) {
        Matcher m = Pattern.compile("ver=\"([^\"]*)\"").matcher(iq);
        assertThat(m.find()).as("ver in " + iq).isTrue();
        return m.group(1);
    }
}
