package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.jid.Jid;
import causse.server.config.StreamManagementConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream management (XEP-0198) on the wire: acknowledgements both ways, resumption with the stanzas the client
 * did not handle sent again, and what happens to them when the client never comes back.
 */
class StreamManagementTest {
    static final String SM = "urn:xmpp:sm:3";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank", "gina", "hal", "ivy")) {
            server.addUser(user);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Authenticated over Direct TLS, the stream restarted, its features read: ready to bind or resume. */
    static RawXmppClient authenticated(TestServer server, String user) throws Exception {
        RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(), TestServer.DOMAIN);
        c.send(C2sWireTest.OPEN).expect("</stream:features>");
        c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + C2sWireTest.plain("", user, TestServer.PASSWORD) + "</auth>").expect("<success");
        c.send(C2sWireTest.OPEN).expect("<sm xmlns=\"" + SM + "\"/>.*</stream:features>");
        return c;
    }

    /** Logged in, bound, available, with stream management enabled; returns the SM-ID (null without resumption). */
    static String enable(RawXmppClient c, boolean resume) throws Exception {
        c.send("<enable xmlns='" + SM + "'" + (resume ? " resume='true'" : "") + "/>");
        Matcher enabled = c.expect("<enabled xmlns=\"" + SM
                + "\"( id=\"([0-9a-f]+)\" resume=\"true\" max=\"(\\d+)\")?/>");
        return enabled.group(2);
    }

    static double resumptions(String result) {
        return server.server().metrics().get("causse.c2s.resumptions").tag("result", result).counter().count();
    }

    static void message(RawXmppClient from, String to, String body) throws Exception {
        from.send("<message to='" + to + "' type='chat' id='" + body + "'><body>" + body + "</body></message>");
    }

    @Test
    void theFeatureComesAfterAuthenticationAndEnablingBeforeBindingFails() throws Exception {
        try (RawXmppClient c = authenticated(server, "alice")) {
            c.send("<enable xmlns='" + SM + "'/>");
            c.expect("<failed xmlns=\"" + SM + "\"><unexpected-request xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
                    + "</failed>");
            // Still a usable stream: the client binds.
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
                    .expect("<jid>alice@localhost/");
        }
    }

    @Test
    void theServerCountsTheStanzasItReceivedFromTheClient() throws Exception {
        try (RawXmppClient c = RawXmppClient.loggedIn(server, "alice", "count")) {
            assertThat(enable(c, false)).isNull();
            c.send("<r xmlns='" + SM + "'/>").expect("<a xmlns=\"" + SM + "\" h=\"0\"/>");
            message(c, "nobody-here@localhost", "one");
            c.send("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.send("<presence><show>away</show></presence>");
            c.send("<r xmlns='" + SM + "'/>").expect("<a xmlns=\"" + SM + "\" h=\"3\"/>");
        }
    }

    @Test
    void theServerAsksForAnAcknowledgementOfWhatItSent() throws Exception {
        try (RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "asks");
             RawXmppClient carol = RawXmppClient.loggedIn(server, "carol", "asked")) {
            enable(carol, true);
            message(bob, "carol@localhost/asked", "first");
            carol.expect("<body>first</body>");
            carol.expect("<r xmlns=\"" + SM + "\"/>", Duration.ofSeconds(5));
            carol.send("<a xmlns='" + SM + "' h='1'/>");
            carol.send("<a xmlns='" + SM + "' h='1'/>");   // the same acknowledgement twice is harmless
            // Acknowledgements are not stanzas: carol has sent none since enabling.
            carol.send("<r xmlns='" + SM + "'/>").expect("<a xmlns=\"" + SM + "\" h=\"0\"/>");
        }
    }

    @Test
    void aClientAcknowledgingMoreThanItWasSentGetsAStreamError() throws Exception {
        try (RawXmppClient c = RawXmppClient.loggedIn(server, "gina", "too-high")) {
            enable(c, false);
            c.send("<a xmlns='" + SM + "' h='5'/>");
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<stream:error><undefined-condition "
                    + "xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/><text ")
                    .contains("<handled-count-too-high xmlns=\""
                    + SM + "\" h=\"5\" send-count=\"0\"/></stream:error></stream:stream>");
        }
    }

    @Test
    void aBrokenStreamIsResumedAndWhatTheClientMissedIsSentAgainInOrder() throws Exception {
        try (RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "sender")) {
            String id;
            RawXmppClient first = RawXmppClient.loggedIn(server, "erin", "phone");
            id = enable(first, true);
            message(bob, "erin@localhost/phone", "m1");
            message(bob, "erin@localhost/phone", "m2");
            first.expect("<body>m2</body>");
            first.send("<a xmlns='" + SM + "' h='1'/>");   // m1 handled, m2 not acknowledged
            first.send("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>").expect("id=\"p1\"");
            // Other tests leave sessions waiting too (their clients close without </stream:stream>).
            int waiting = server.server().resumableSessionsWaiting();
            first.close();   // the network goes: no </stream:stream>
            Jid erin = Jid.parse("erin@localhost");
            // The session stays, available, and stanzas for it wait.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.server().resumableSessionsWaiting() == waiting + 1);
            assertThat(server.server().sessions().sessionsOf(erin)).hasSize(1);
            message(bob, "erin@localhost/phone", "m3");
            message(bob, "erin@localhost", "m4");

            double resumedBefore = resumptions("resumed");
            try (RawXmppClient again = authenticated(server, "erin")) {
                again.send("<resume xmlns='" + SM + "' previd='" + id + "' h='1'/>");
                // The server had handled one stanza from the client: the ping.
                again.expect("<resumed xmlns=\"" + SM + "\" h=\"1\" previd=\"" + id + "\"/>");
                // m1 was acknowledged: the first three messages after <resumed/> are the three it did not handle.
                Matcher rest = again.expect("<body>(m\\d)</body>.*?<body>(m\\d)</body>.*?<body>(m\\d)</body>");
                assertThat(rest.group(1) + rest.group(2) + rest.group(3)).isEqualTo("m2m3m4");
                // The resumed stream is the session: it sends and is counted from where it was.
                again.send("<r xmlns='" + SM + "'/>").expect("<a xmlns=\"" + SM + "\" h=\"1\"/>");
                message(again, "bob@localhost/sender", "back");
                bob.expect("<body>back</body>");
                assertThat(server.server().resumableSessionsWaiting()).isEqualTo(waiting);
                assertThat(resumptions("resumed")).isEqualTo(resumedBefore + 1);
            }
        }
    }

    @Test
    void aSessionIsResumedOnlyByItsOwnUserAndOtherwiseTheClientBinds() throws Exception {
        try (RawXmppClient alice = RawXmppClient.loggedIn(server, "alice", "owned");
             RawXmppClient frank = authenticated(server, "frank")) {
            String id = enable(alice, true);
            double failedBefore = resumptions("failed");
            frank.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
            frank.expect("<failed xmlns=\"" + SM + "\"><item-not-found ");
            frank.send("<resume xmlns='" + SM + "' previd='no-such-session' h='0'/>");
            frank.expect("<failed xmlns=\"" + SM + "\"><item-not-found ");
            frank.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
                    .expect("<jid>frank@localhost/");
            assertThat(resumptions("failed")).isEqualTo(failedBefore + 2);
            // Alice's stream never noticed.
            alice.send("<r xmlns='" + SM + "'/>").expect("<a xmlns=\"" + SM + "\" h=\"0\"/>");
        }
    }

    @Test
    void resumingAStreamThatLooksAliveEndsTheOldOneWithConflict() throws Exception {
        try (RawXmppClient old = RawXmppClient.loggedIn(server, "carol", "laptop");
             RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "witness")) {
            String id = enable(old, true);
            try (RawXmppClient again = authenticated(server, "carol")) {
                again.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
                again.expect("<resumed xmlns=\"" + SM + "\" h=\"0\"");
                old.awaitStreamError("conflict");
                message(bob, "carol@localhost/laptop", "to-the-new-one");
                again.expect("<body>to-the-new-one</body>");
            }
        }
    }

    @Test
    void messagesAClientNeverAcknowledgedAreStoredWhenItClosesItsStream() throws Exception {
        try (RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "closer")) {
            try (RawXmppClient dave = RawXmppClient.loggedIn(server, "dave", "leaving")) {
                enable(dave, true);
                message(bob, "dave@localhost/leaving", "unacked");
                dave.expect("<body>unacked</body>");
                dave.send("</stream:stream>");
                dave.awaitClose(Duration.ofSeconds(10));
            }
            // A clean close is not resumable: the message goes where it would for an unavailable resource.
            try (RawXmppClient dave = RawXmppClient.loggedIn(server, "dave", "back")) {
                Matcher stored = dave.expect("<message [^>]*>.*?<body>unacked</body>.*?</message>");
                assertThat(stored.group()).contains("urn:xmpp:delay");
            }
        }
    }

    @Test
    void aSessionNotResumedInTimeEndsAndItsMessagesAreStored(@TempDir Path dir) throws Exception {
        try (TestServer quick = TestServer.start(dir, c -> c.withStreamManagement(
                new StreamManagementConfig(true, Duration.ofSeconds(2), 5000)))) {
            quick.addUser("alice");
            quick.addUser("bob");
            try (RawXmppClient bob = RawXmppClient.loggedIn(quick, "bob", "res")) {
                RawXmppClient alice = RawXmppClient.loggedIn(quick, "alice", "gone");
                String id = enable(alice, true);
                message(bob, "alice@localhost/gone", "sent-before");
                alice.expect("<body>sent-before</body>");
                alice.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> quick.server().resumableSessionsWaiting() == 1);
                message(bob, "alice@localhost/gone", "sent-while-away");
                bob.send("<iq type='get' to='alice@localhost/gone' id='q1'><query xmlns='jabber:iq:version'/></iq>");
                Jid aliceJid = Jid.parse("alice@localhost");
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> quick.server().sessions().sessionsOf(aliceJid).isEmpty());
                // A request the client never saw is answered for it, as for a resource that is gone.
                assertThat(bob.expect("<iq [^>]*id=\"q1\"[^>]*>.*?</iq>").group())
                        .contains("type=\"error\"", "<service-unavailable ");
                try (RawXmppClient late = authenticated(quick, "alice")) {
                    late.send("<resume xmlns='" + SM + "' previd='" + id + "' h='1'/>");
                    late.expect("<failed xmlns=\"" + SM + "\"><item-not-found ");
                    late.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
                            .expect("<jid>alice@localhost/");
                    late.send("<presence/>");
                    Matcher both = late.expect("<body>(sent-[a-z-]+)</body>.*?<body>(sent-[a-z-]+)</body>");
                    assertThat(both.group(1) + "," + both.group(2)).isEqualTo("sent-before,sent-while-away");
                }
            }
        }
    }

    @Test
    void enablingTwiceIsAStreamError() throws Exception {
        try (RawXmppClient c = RawXmppClient.loggedIn(server, "hal", "twice")) {
            enable(c, false);
            c.send("<enable xmlns='" + SM + "'/>");
            c.awaitStreamError("policy-violation");
        }
    }

    @Test
    void withoutResumptionABrokenStreamEndsAtOnceAndItsUnacknowledgedMessagesAreStored() throws Exception {
        try (RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "no-resume")) {
            RawXmppClient ivy = RawXmppClient.loggedIn(server, "ivy", "once");
            assertThat(enable(ivy, false)).isNull();
            message(bob, "ivy@localhost/once", "in-flight");
            ivy.expect("<body>in-flight</body>");
            ivy.close();
            Jid ivyJid = Jid.parse("ivy@localhost");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().sessions().sessionsOf(ivyJid).isEmpty());
            try (RawXmppClient again = RawXmppClient.loggedIn(server, "ivy", "twice")) {
                again.expect("<body>in-flight</body>");
            }
        }
    }

    @Test
    void aClientThatNeverAcknowledgesIsCutOffAndNothingIsLost(@TempDir Path dir) throws Exception {
        try (TestServer small = TestServer.start(dir, c -> c.withStreamManagement(
                new StreamManagementConfig(true, Duration.ofMinutes(5), 10)))) {
            small.addUser("alice");
            small.addUser("bob");
            try (RawXmppClient bob = RawXmppClient.loggedIn(small, "bob", "flood");
                 RawXmppClient alice = RawXmppClient.loggedIn(small, "alice", "deaf")) {
                enable(alice, true);
                for (int i = 1; i <= 11; i++) {
                    message(bob, "alice@localhost/deaf", "n" + i);
                }
                assertThat(alice.awaitClose(Duration.ofSeconds(15))).contains("<resource-constraint ");
                // Not resumable after that: the eleven messages were stored, in order.
                Jid aliceJid = Jid.parse("alice@localhost");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> small.server().sessions().sessionsOf(aliceJid).isEmpty());
                try (RawXmppClient again = RawXmppClient.loggedIn(small, "alice", "listening")) {
                    StringBuilder bodies = new StringBuilder();
                    for (int i = 1; i <= 11; i++) {
                        bodies.append(again.expect("<body>(n\\d+)</body>").group(1)).append(' ');
                    }
                    assertThat(bodies.toString().strip()).isEqualTo("n1 n2 n3 n4 n5 n6 n7 n8 n9 n10 n11");
                }
            }
        }
    }

    @Test
    void aServerStoppingWithASessionWaitingStoresWhatItHolds(@TempDir Path dir) throws Exception {
        try (TestServer first = TestServer.start(dir)) {
            first.addUser("alice");
            first.addUser("bob");
            try (RawXmppClient bob = RawXmppClient.loggedIn(first, "bob", "r")) {
                RawXmppClient alice = RawXmppClient.loggedIn(first, "alice", "away");
                enable(alice, true);
                alice.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> first.server().resumableSessionsWaiting() == 1);
                message(bob, "alice@localhost/away", "kept-across-restart");
                bob.send("<iq type='get' id='sync'><ping xmlns='urn:xmpp:ping'/></iq>").expect("id=\"sync\"");
            }
        }
        try (TestServer second = TestServer.start(dir);
             RawXmppClient alice = RawXmppClient.loggedIn(second, "alice", "back")) {
            alice.expect("<body>kept-across-restart</body>");
        }
    }
}
