package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client state indication (XEP-0352) on the wire, alone and with stream management (XEP-0198). */
class ClientStateIndicationTest {
    static final String CSI = "urn:xmpp:csi:0";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        for (String user : List.of("alice", "bob", "carol", "dave", "erin")) {
            server.addUser(user);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Waits until the server has handled everything {@code c} sent before (an IQ answered in order). */
    private static void sync(RawXmppClient c, String id) throws Exception {
        c.send("<iq type='get' id='" + id + "'><ping xmlns='urn:xmpp:ping'/></iq>").expect("id=\"" + id + "\"");
    }

    @Test
    void theFeatureIsOfferedAfterAuthentication() throws Exception {
        try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(),
                TestServer.DOMAIN)) {
            c.send(C2sWireTest.OPEN).expect("</stream:features>");
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + C2sWireTest.plain("", "alice", TestServer.PASSWORD) + "</auth>").expect("<success");
            c.send(C2sWireTest.OPEN).expect("<csi xmlns=\"" + CSI + "\"/>.*</stream:features>");
        }
    }

    @Test
    void anInactiveClientGetsPresenceAndChatStatesOnlyWithTheNextMessageNewestPresenceOnly() throws Exception {
        try (RawXmppClient alice = RawXmppClient.loggedIn(server, "alice", "phone");
             RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "desk");
             RawXmppClient carol = RawXmppClient.loggedIn(server, "carol", "desk")) {
            alice.send("<inactive xmlns='" + CSI + "'/>");
            sync(alice, "inactive");
            bob.send("<presence to='alice@localhost/phone' id='away'><show>away</show></presence>");
            bob.send("<presence to='alice@localhost/phone' id='dnd'><show>dnd</show></presence>");
            sync(bob, "b1");
            carol.send("<message to='alice@localhost/phone' type='chat' id='typing'>"
                    + "<composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
            sync(carol, "c1");
            bob.send("<message to='alice@localhost/phone' type='chat' id='hello'><body>hello</body></message>");
            Matcher in = alice.expect("<(presence|message) [^>]*id=\"(\\w+)\".*?<(presence|message) [^>]*id=\"(\\w+)\""
                    + ".*?<(presence|message) [^>]*id=\"(\\w+)\"");
            // bob's first update ("away") was replaced by his second; both waited for the message.
            assertThat(in.group(2) + "," + in.group(4) + "," + in.group(6)).isEqualTo("dnd,typing,hello");
        }
    }

    @Test
    void becomingActiveSendsWhatWasHeldBeforeAnythingElse() throws Exception {
        try (RawXmppClient dave = RawXmppClient.loggedIn(server, "dave", "phone");
             RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "desk2")) {
            dave.send("<inactive xmlns='" + CSI + "'/>");
            sync(dave, "inactive");
            bob.send("<presence to='dave@localhost/phone' id='held'><show>chat</show></presence>");
            sync(bob, "b2");
            // XEP-0352 §4: what <active/> releases comes before the answer to what follows it.
            dave.send("<active xmlns='" + CSI + "'/><iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>");
            Matcher in = dave.expect("<presence [^>]*id=\"held\".*?<iq [^>]*id=\"after\"");
            assertThat(in.group()).contains("<show>chat</show>");
        }
    }

    @Test
    void aResumedStreamStartsActiveAndWhatWasHeldFollowsWhatIsSentAgain() throws Exception {
        try (RawXmppClient bob = RawXmppClient.loggedIn(server, "bob", "desk3")) {
            RawXmppClient erin = RawXmppClient.loggedIn(server, "erin", "phone");
            String id = StreamManagementTest.enable(erin, true);
            erin.send("<inactive xmlns='" + CSI + "'/>");
            sync(erin, "inactive");
            int waiting = server.server().resumableSessionsWaiting();
            erin.close();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.server().resumableSessionsWaiting() == waiting + 1);
            bob.send("<message to='erin@localhost/phone' type='chat' id='kept'><body>kept</body></message>");
            bob.send("<presence to='erin@localhost/phone' id='update'><show>xa</show></presence>");
            sync(bob, "b3");
            try (RawXmppClient again = StreamManagementTest.authenticated(server, "erin")) {
                // The ping result sent on the first stream was acknowledged by nobody: h=0 resends it too.
                again.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>");
                Matcher in = again.expect("<resumed .*?id=\"inactive\".*?id=\"kept\".*?<presence [^>]*id=\"update\"");
                assertThat(in.group()).contains("<body>kept</body>");
            }
        }
    }
}
