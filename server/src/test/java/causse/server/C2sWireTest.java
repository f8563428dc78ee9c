package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.config.AuthFailureLimits;
import causse.server.config.LimitsConfig;
import causse.net.ShaperLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The c2s stream on the wire, byte for byte: negotiation, stream errors and the RFC 6120 §11 XML restrictions. */
class C2sWireTest {
    static final String OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        server.addUser("alice");
        server.addUser("bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void beforeTlsOnlyRequiredStartTlsIsOfferedAndTheHeaderIsComplete() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(OPEN);
            String header = c.expect("<stream:stream [^>]*>").group();
            assertThat(header).contains("from='localhost'", "version='1.0'", "xmlns='jabber:client'")
                    .containsPattern("id='[0-9a-f]{24}'");
            String features = c.expect("<stream:features>.*</stream:features>").group();
            assertThat(features).contains("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"><required/></starttls>")
                    .doesNotContain("mechanism");
        }
    }

    @Test
    void anUnknownDomainGetsHostUnknown() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(OPEN.replace("to='localhost'", "to='elsewhere.example'"));
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<stream:stream ", "<host-unknown");
        }
    }

    @Test
    void aStreamInTheWrongNamespaceGetsInvalidNamespace() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(OPEN.replace("xmlns='jabber:client'", "xmlns='jabber:server'"));
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<invalid-namespace");
        }
    }

    @Test
    void aStanzaBeforeAuthenticationGetsNotAuthorized() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(OPEN).expect("</stream:features>");
            c.send("<message to='bob@localhost'><body>sneaky</body></message>");
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<not-authorized", "</stream:stream>");
        }
    }

    @Test
    void aDoctypeIsRestrictedXmlAndOtherSessionsDoNotNotice() throws Exception {
        try (RawXmppClient bystander = loggedIn("bob", "bystander");
             RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send("<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'>]>" + OPEN.substring(21));
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<restricted-xml");
            bystander.send("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            bystander.expect("<iq [^>]*id=\"p1\"[^>]*type=\"result\"|<iq [^>]*type=\"result\"[^>]*id=\"p1\"");
        }
    }

    @Test
    void directTlsChoosesTheCertificateBySniAndOffersPlainOverTls() throws Exception {
        try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(), "localhost")) {
            c.send(OPEN);
            String features = c.expect("<stream:features>.*</stream:features>").group();
            assertThat(features).doesNotContain("starttls")
                    .contains("<mechanism>SCRAM-SHA-256</mechanism>", "<mechanism>SCRAM-SHA-1</mechanism>",
                            "<mechanism>PLAIN</mechanism>");
        }
    }

    @Test
    void plainWithAnAuthzidOfSomeoneElseIsInvalidAuthzid() throws Exception {
        try (RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(), "localhost")) {
            c.send(OPEN).expect("</stream:features>");
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + plain("bob@localhost", "alice", TestServer.PASSWORD) + "</auth>");
            c.expect("<failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><invalid-authzid/>");
        }
    }

    @Test
    void aMalformedToGetsJidMalformedAndTheSessionGoesOn() throws Exception {
        try (RawXmppClient c = loggedIn("alice", "wire")) {
            c.send("<message to='a@b@localhost' id='m1'><body>x</body></message>");
            c.expect("<message [^>]*type=\"error\".*<jid-malformed xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>");
            c.send("<iq type='get' id='p2'><ping xmlns='urn:xmpp:ping'/></iq>");
            c.expect("id=\"p2\"");
        }
    }

    @Test
    void anIqWithoutChildGetsBadRequest() throws Exception {
        try (RawXmppClient c = loggedIn("alice", "iqcheck")) {
            c.send("<iq type='get' id='empty' to='localhost'/>");
            c.expect("<iq [^>]*type=\"error\".*<bad-request xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>");
        }
    }

    @Test
    void aStreamWithoutVersionIsRefusedWhenLegacyAuthIsOff() throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(OPEN.replace("to='localhost' version='1.0'", "to='localhost'"));
            String got = c.awaitClose(Duration.ofSeconds(10));
            assertThat(got).as(got).contains("<unsupported-version");
        }
    }

    @Test
    void anOversizeStanzaIsAPolicyViolation(@TempDir Path dir) throws Exception {
        try (TestServer small = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, false)
                .withLimits(new LimitsConfig(4096, Duration.ofSeconds(300))));
             RawXmppClient c = new RawXmppClient(small.c2sPort())) {
            small.addUser("big");
            c.send(OPEN).expect("</stream:features>");
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + plain("", "big", TestServer.PASSWORD) + "</auth>").expect("<success");
            c.send(OPEN).expect("</stream:features>");
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>").expect("</iq>");
            c.send("<message to='big@localhost'><body>" + "x".repeat(8192) + "</body></message>");
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<policy-violation");
        }
    }

    @Test
    void aConnectionOverThePerAddressLimitIsRefusedAndTheOthersCarryOn(@TempDir Path dir) throws Exception {
        LimitsConfig twoPerAddress = new LimitsConfig(262144, Duration.ofSeconds(300), 2, 100, false, 100,
                AuthFailureLimits.DEFAULTS, LimitsConfig.DEFAULT_IDLE_TIMEOUT, LimitsConfig.DEFAULT_PING_TIMEOUT,
                LimitsConfig.DEFAULT_MAX_OUTBOUND_QUEUE, LimitsConfig.DEFAULT_SLOW_READER_TIMEOUT,
                ShaperLimits.DEFAULTS);
        try (TestServer limited = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, false)
                .withLimits(twoPerAddress));
             RawXmppClient one = new RawXmppClient(limited.c2sPort());
             RawXmppClient two = new RawXmppClient(limited.c2sPort())) {
            limited.addUser("first");
            one.send(OPEN).expect("</stream:features>");
            two.send(OPEN).expect("</stream:features>");

            try (RawXmppClient three = new RawXmppClient(limited.c2sPort())) {
                assertThat(three.awaitClose(Duration.ofSeconds(10))).contains("<policy-violation",
                        "too many connections from your address");
            }
            one.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + plain("", "first", TestServer.PASSWORD) + "</auth>").expect("<success");
            two.close();
            // The closed connection no longer counts, once the server has seen it close.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (RawXmppClient four = new RawXmppClient(limited.c2sPort())) {
                    four.send(OPEN).expect("</stream:features>");
                    return true;
                } catch (AssertionError | java.io.IOException refused) {
                    return false;
                }
            });
        }
    }

    @Test
    void repeatedWrongPasswordsAreAnsweredLaterThenTheAddressIsLockedOut(@TempDir Path dir) throws Exception {
        // One free failure, then 1 s, then locked after three; loopback counts here.
        LimitsConfig strict = new LimitsConfig(262144, Duration.ofSeconds(300), 1000, 100, false, 100,
                new AuthFailureLimits(1, Duration.ofSeconds(1), 3, Duration.ofMinutes(10), Duration.ofMinutes(10)),
                LimitsConfig.DEFAULT_IDLE_TIMEOUT, LimitsConfig.DEFAULT_PING_TIMEOUT,
                LimitsConfig.DEFAULT_MAX_OUTBOUND_QUEUE, LimitsConfig.DEFAULT_SLOW_READER_TIMEOUT,
                ShaperLimits.DEFAULTS);
        try (TestServer limited = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, false)
                .withLimits(strict));
             RawXmppClient c = new RawXmppClient(limited.c2sPort())) {
            limited.addUser("victim");
            String wrong = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + plain("", "victim", "guess") + "</auth>";
            c.send(OPEN).expect("</stream:features>");
            c.send(wrong).expect("<not-authorized/>.*</failure>");
            long sent = System.nanoTime();
            c.send(wrong).expect("<not-authorized/>.*</failure>");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("held back").isGreaterThanOrEqualTo(
                    Duration.ofMillis(900));
            c.send(wrong).expect("<not-authorized/>.*</failure>");
            // Locked: even the right password is refused without being checked, on any connection.
            try (RawXmppClient again = new RawXmppClient(limited.c2sPort())) {
                again.send(OPEN).expect("</stream:features>");
                again.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + plain("", "victim", TestServer.PASSWORD) + "</auth>").expect("<temporary-auth-failure/>");
            }
        }
    }

    @Test
    void anIdleClientIsPingedAndOneThatStaysSilentIsDisconnected(@TempDir Path dir) throws Exception {
        LimitsConfig d = LimitsConfig.defaults();
        LimitsConfig quick = new LimitsConfig(d.maxStanzaSize(), d.unauthenticatedTimeout(), d.connectionsPerIp(),
                d.connectionRatePerIp(), d.exemptLoopback(), d.maxResourcesPerAccount(), d.authFailures(),
                Duration.ofMillis(500), Duration.ofSeconds(1), d.maxOutboundQueue(),
                d.slowReaderTimeout(), d.shaper());
        try (TestServer server = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, false).withLimits(quick));
             RawXmppClient c = new RawXmppClient(server.c2sPort());
             RawXmppClient bystander = new RawXmppClient(server.c2sPort())) {
            server.addUser("sleepy");
            server.addUser("awake");
            for (RawXmppClient client : List.of(c, bystander)) {
                String user = client == c ? "sleepy" : "awake";
                client.send(OPEN).expect("</stream:features>");
                client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + plain("", user, TestServer.PASSWORD) + "</auth>").expect("<success");
                client.send(OPEN).expect("</stream:features>");
                client.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
                        .expect("</iq>");
            }
            // Silent for the idle time: pinged. An answer keeps the stream.
            Matcher ping = c.expect("<iq [^>]*id=\"(keepalive-[0-9]+)\"[^>]*><ping xmlns=\"urn:xmpp:ping\"/></iq>",
                    Duration.ofSeconds(10));
            c.send("<iq type='result' id='" + ping.group(1) + "' to='localhost'/>");
            // The bystander keeps answering; the sleepy client now stays silent and is let go.
            Matcher next = c.expect("<iq [^>]*id=\"(keepalive-[0-9]+)\"", Duration.ofSeconds(10));
            assertThat(next.group(1)).isNotEqualTo(ping.group(1));
            for (int i = 0; i < 3; i++) {
                Matcher p = bystander.expect("<iq [^>]*id=\"(keepalive-[0-9]+)\"", Duration.ofSeconds(10));
                bystander.send("<iq type='result' id='" + p.group(1) + "' to='localhost'/>");
            }
            assertThat(c.awaitClose(Duration.ofSeconds(10))).contains("<connection-timeout");
            bystander.send("<iq type='get' id='still'><ping xmlns='urn:xmpp:ping'/></iq>")
                    .expect("<iq [^>]*id=\"still\"");
        }
    }

    @Test
    void aFloodingClientIsSlowedThenCutOffWhileOthersAreServed(@TempDir Path dir) throws Exception {
        LimitsConfig shaped = LimitsConfig.defaults().withShaper(new ShaperLimits(16 * 1024, 16 * 1024,
                Duration.ofSeconds(2)));
        try (TestServer server = TestServer.start(dir, c -> TestServer.plaintextAllowed(c, false).withLimits(shaped));
             RawXmppClient flooder = new RawXmppClient(server.c2sPort());
             RawXmppClient bystander = new RawXmppClient(server.c2sPort())) {
            server.addUser("flood");
            server.addUser("calm");
            for (RawXmppClient client : List.of(flooder, bystander)) {
                client.send(OPEN).expect("</stream:features>");
                client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                        + plain("", client == flooder ? "flood" : "calm", TestServer.PASSWORD) + "</auth>")
                        .expect("<success");
                client.send(OPEN).expect("</stream:features>");
                client.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
                        .expect("</iq>");
            }
            // 16 MB of whitespace between stanzas, as fast as the socket takes it: 16 KB/s is its share.
            String spaces = " ".repeat(64 * 1024);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 256; i++) {
                        flooder.send(spaces);
                    }
                } catch (IOException e) {
                    // the server cut the connection: what this test expects
                }
            }, "flooder");
            writer.setDaemon(true);
            writer.start();

            for (int i = 0; i < 5; i++) {
                bystander.send("<iq type='get' id='p" + i + "'><ping xmlns='urn:xmpp:ping'/></iq>")
                        .expect("<iq [^>]*id=\"p" + i + "\"", Duration.ofSeconds(5));
            }
            assertThat(flooder.awaitClose(Duration.ofSeconds(30))).contains("<policy-violation",
                    "Sending too fast");
            bystander.send("<iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>")
                    .expect("<iq [^>]*id=\"after\"");
        }
    }

    @Test
    void aConnectionThatNeverAuthenticatesTimesOut(@TempDir Path dir) throws Exception {
        try (TestServer quick = TestServer.start(dir, c -> c.withLimits(new LimitsConfig(262144, Duration.ofSeconds(1))));
             RawXmppClient c = new RawXmppClient(quick.c2sPort())) {
            c.send(OPEN).expect("</stream:features>");
            assertThat(c.awaitClose(Duration.ofSeconds(15))).contains("<connection-timeout");
        }
    }

    /** Logs in over Direct TLS with PLAIN and binds {@code resource}, with initial presence sent. */
    static RawXmppClient loggedIn(String user, String resource) throws Exception {
        RawXmppClient c = RawXmppClient.directTls(server.directTlsPort(), server.sslContext(), "localhost");
        c.send(OPEN).expect("</stream:features>");
        c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain("", user, TestServer.PASSWORD)
                + "</auth>").expect("<success");
        c.send(OPEN).expect("<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>.*</stream:features>");
        c.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>").expect("<jid>" + user + "@localhost/" + resource + "</jid>");
        c.send("<presence/>");
        return c;
    }

    static String plain(String authzid, String user, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
