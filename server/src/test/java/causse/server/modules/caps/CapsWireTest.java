package causse.server.modules.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.module.EntityCaps;
import causse.server.RawXmppClient;
import causse.server.TestServer;
import causse.xml.XmlParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XEP-0115 on the wire, with clients that say exactly what a test wants: one query per ver, forged answers kept
 * to their sender, spoofed answers ignored, legacy caps never shared; and IQ answers nobody waits for dropped.
 */
class CapsWireTest {
    private static final String OPEN = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";
    private static final String INFO = "http://jabber.org/protocol/disco#info";
    private static final String NODE = "urn:example:client";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;
    static TestServer server;
    static CapsModule caps;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, c -> TestServer.plaintextAllowed(c, true));
        for (String u : new String[] {"mallory", "honest", "third", "legacy", "other", "quiet",
            "fickle"}) {
            server.addUser(u);
        }
        caps = (CapsModule) server.server().module(EntityCaps.class).orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** {@code user@localhost/r}, authenticated with XEP-0078 over plain TCP, not yet available. */
    private static RawXmppClient login(String user) throws Exception {
        RawXmppClient c = new RawXmppClient(server.c2sPort());
        c.send(OPEN).expect("<stream:stream [^>]*>");
        c.send("<iq type='set' id='auth'><query xmlns='jabber:iq:auth'><username>" + user + "</username>"
                + "<password>" + TestServer.PASSWORD + "</password><resource>r</resource></query></iq>");
        c.expect("<iq [^>]*id=\"auth\"[^>]*/>");
        return c;
    }

    private static Jid jid(String user) {
        return Jid.parse(user + "@localhost/r");
    }

    private static String query(String features) {
        return "<query xmlns='" + INFO + "'><identity category='client' type='pc' name='Test'/>" + features
                + "</query>";
    }

    private static String features(String... vars) {
        StringBuilder sb = new StringBuilder();
        for (String v : vars) {
            sb.append("<feature var='").append(v).append("'/>");
        }
        return sb.toString();
    }

    private static String verOf(String queryXml) {
        return VerificationString.hash(VerificationString.of(XmlParser.parse(queryXml)), "sha-1");
    }

    private static void announce(RawXmppClient c, String capsAttributes) throws Exception {
        c.send("<presence><c xmlns='http://jabber.org/protocol/caps' " + capsAttributes + "/></presence>");
    }

    /** Waits for the server's disco#info query; returns its id after checking whom it comes from and what it asks. */
    private static String discoQuery(RawXmppClient c, String node) throws Exception {
        Matcher m = c.expect("<iq [^>]*type=\"get\"[^>]*>\\s*<query xmlns=\"" + Pattern.quote(INFO) + "\"[^>]*/>");
        assertThat(m.group()).contains("from=\"localhost\"").contains("node=\"" + node + "\"");
        Matcher id = Pattern.compile("id=\"([^\"]+)\"").matcher(m.group());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    private static void answer(RawXmppClient c, String id, String queryXml) throws Exception {
        c.send("<iq type='result' id='" + id + "' to='localhost'>" + queryXml + "</iq>");
    }

    /** A ping round trip: everything the server sent before its answer is returned. */
    private static String untilPing(RawXmppClient c, String id) throws Exception {
        c.send("<iq type='get' id='" + id + "' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        return c.expect("(.*?)<iq [^>]*id=\"" + id + "\"[^>]*/>").group(1);
    }

    @Test
    void aForgedAnswerCountsForItsSenderAloneAndTheNextClientIsAsked() throws Exception {
        String honestQuery = query(features(INFO, "urn:example:a", "urn:example:e2e"));
        String forgedQuery = query(features(INFO, "urn:example:a"));
        String ver = verOf(honestQuery);
        String caps = "hash='sha-1' node='" + NODE + "' ver='" + ver + "'";
        try (RawXmppClient mallory = login("mallory"); RawXmppClient honest = login("honest");
             RawXmppClient third = login("third")) {
            announce(mallory, caps);
            String malloryQuery = discoQuery(mallory, NODE + "#" + ver);

            // The same ver while mallory is being asked: honest waits for that answer instead of being asked too.
            announce(honest, caps);
            assertThat(untilPing(honest, "p1")).doesNotContain(INFO);

            answer(mallory, malloryQuery, forgedQuery);
            await().atMost(WAIT).until(() -> CapsWireTest.caps.features(jid("mallory"))
                    .equals(Set.of(INFO, "urn:example:a")));

            // Mallory's answer did not verify: honest is asked itself. An answer mallory sends to honest's query
            // comes from the wrong JID and completes nothing.
            String honestQueryId = discoQuery(honest, NODE + "#" + ver);
            answer(mallory, honestQueryId, forgedQuery);
            untilPing(mallory, "p5");
            answer(honest, honestQueryId, honestQuery);
            await().atMost(WAIT).until(() -> !CapsWireTest.caps.features(jid("honest")).isEmpty());
            assertThat(CapsWireTest.caps.features(jid("honest"))).containsExactlyInAnyOrder(INFO, "urn:example:a",
                    "urn:example:e2e");
            assertThat(CapsWireTest.caps.features(jid("mallory"))).doesNotContain("urn:example:e2e");

            // Verified now: the next client announcing the ver is known at once, without a query.
            announce(third, caps);
            assertThat(untilPing(third, "p2")).doesNotContain(INFO);
            assertThat(CapsWireTest.caps.features(jid("third"))).isEqualTo(CapsWireTest.caps.features(jid("honest")));
        }
    }

    @Test
    void legacyCapsCountForTheirSenderAloneAndUnavailableForgetsThem() throws Exception {
        try (RawXmppClient legacy = login("legacy"); RawXmppClient other = login("other")) {
            announce(legacy, "node='" + NODE + "' ver='1.0'");
            answer(legacy, discoQuery(legacy, NODE + "#1.0"), query(features(INFO, "urn:example:legacy")));
            await().atMost(WAIT).until(() -> caps.features(jid("legacy")).contains("urn:example:legacy"));

            // No hash, nothing proven: the next client with the same ver is asked too.
            announce(other, "node='" + NODE + "' ver='1.0'");
            answer(other, discoQuery(other, NODE + "#1.0"), query(features(INFO, "urn:example:other")));
            await().atMost(WAIT).until(() -> caps.features(jid("other")).contains("urn:example:other"));
            assertThat(caps.features(jid("legacy"))).doesNotContain("urn:example:other");

            legacy.send("<presence type='unavailable'/>");
            await().atMost(WAIT).until(() -> caps.features(jid("legacy")).isEmpty());
        }
        await().atMost(WAIT).until(() -> caps.features(jid("other")).isEmpty());
    }

    @Test
    void anErrorAnswerLeavesTheFeaturesUnknownAndANewVerIsAskedAgain() throws Exception {
        try (RawXmppClient quiet = login("quiet")) {
            String first = query(features(INFO, "urn:example:first"));
            announce(quiet, "hash='sha-1' node='" + NODE + "' ver='" + verOf(first) + "'");
            String id = discoQuery(quiet, NODE + "#" + verOf(first));
            quiet.send("<iq type='error' id='" + id + "' to='localhost'><query xmlns='" + INFO + "'/>"
                    + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                    + "</iq>");
            assertThat(untilPing(quiet, "p3")).doesNotContain("type=\"error\"");
            assertThat(caps.features(jid("quiet"))).isEmpty();

            String second = query(features(INFO, "urn:example:second"));
            announce(quiet, "hash='sha-1' node='" + NODE + "' ver='" + verOf(second) + "'");
            answer(quiet, discoQuery(quiet, NODE + "#" + verOf(second)), second);
            await().atMost(WAIT).until(() -> caps.features(jid("quiet")).contains("urn:example:second"));
        }
    }

    @Test
    void aClientIsAskedOneQueryAtATimeAndAnAnswerForCapsItNoLongerAnnouncesIsDropped() throws Exception {
        List<Set<String>> notices = new CopyOnWriteArrayList<>();
        caps.addListener((jid, features) -> {
            if (jid.equals(jid("fickle"))) {
                notices.add(features);
            }
        });
        String a = query(features(INFO, "urn:example:a"));
        String b = query(features(INFO, "urn:example:b"));
        int cachedBefore = caps.cachedVers();
        try (RawXmppClient fickle = login("fickle")) {
            announce(fickle, "hash='sha-1' node='" + NODE + "' ver='" + verOf(a) + "'");
            String idA = discoQuery(fickle, NODE + "#" + verOf(a));
            announce(fickle, "hash='sha-1' node='" + NODE + "' ver='" + verOf(b) + "'");
            assertThat(untilPing(fickle, "p6")).doesNotContain(INFO);

            answer(fickle, idA, a);
            answer(fickle, discoQuery(fickle, NODE + "#" + verOf(b)), b);
            await().atMost(WAIT).until(() -> caps.features(jid("fickle")).contains("urn:example:b"));
            assertThat(notices).containsExactly(Set.of(INFO, "urn:example:b"));
            // A's answer verified, though: it is shared with whoever announces A next.
            assertThat(caps.cachedVers()).isEqualTo(cachedBefore + 2);
        }
    }

    @Test
    void iqAnswersToTheDomainThatNobodyWaitsForAreDroppedSilently() throws Exception {
        try (RawXmppClient c = login("quiet")) {
            c.send("<iq type='result' id='nobody-asked' to='localhost'/>");
            c.send("<iq type='error' id='nobody-asked-either' to='localhost'><error type='cancel'>"
                    + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            c.send("<iq type='result' id='nobody-asked' to='localhost/resource'/>");
            assertThat(untilPing(c, "p4")).doesNotContain("<iq");
        }
    }
}
