package causse.server.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.s2s.auth.TestCa;
import causse.server.RawXmppClient;
import causse.server.TestServer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that lies about its domain, scripted byte by byte against a real b.test (with a real a.test for
 * dialback to call back): a forged dialback key, SASL EXTERNAL for a domain its certificate does not name, and
 * stanzas from a domain it has not proven.
 */
class LyingPeerTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='%s' to='b.test' version='1.0'>";

    @Test
    void aForgedDialbackKeyIsRefusedAndItsStanzasWithIt(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            net.start("a.test", true, "dialback_allowed");
            TestServer b = net.start("b.test", true, "dialback_allowed");
            try (RawXmppClient mallory = secured(b, "a.test", sslContext(null, null))) {
                mallory.expect("</stream:features>");
                mallory.send("<db:result from='a.test' to='b.test'>0123456789abcdef</db:result>");
                // b.test asked a.test's real server, which never gave that key
                mallory.expect("<db:result[^>]*type=['\"]invalid['\"]", Duration.ofSeconds(20));
                assertThat(b.server().metrics().get("causse.s2s.auth").tags("direction", "in", "method", "dialback",
                        "result", "failed").counter().count()).isEqualTo(1);
                assertThat(b.server().metrics().get("causse.s2s.streams").tag("direction", "in").gauge().value())
                        .isZero();
                mallory.send("<message from='alice@a.test' to='bob@b.test'><body>trust me</body></message>");
                mallory.expect("<not-authorized xmlns=['\"]urn:ietf:params:xml:ns:xmpp-streams['\"]");
                assertThat(mallory.awaitClose(Duration.ofSeconds(10))).contains("</stream:stream>");
            }
        }
    }

    @Test
    void externalForADomainTheCertificateDoesNotNameFailsButKeepsTheStream(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer b = net.start("b.test", true, "dialback_allowed");
            KeyPair keys = TestCa.ecKeys();
            X509Certificate evil = net.ca.issue(keys, "evil.test");
            try (RawXmppClient mallory = secured(b, "a.test", sslContext(keys, evil))) {
                String features = mallory.expect("<stream:features.*?</stream:features>").group();
                assertThat(features).doesNotContain("EXTERNAL");   // its certificate does not name a.test
                mallory.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>YS50ZXN0</auth>");
                mallory.expect("<failure xmlns=['\"]urn:ietf:params:xml:ns:xmpp-sasl['\"]><not-authorized/>");
                // still open: a dialback attempt gets an answer rather than a closed socket
                mallory.send("<db:verify from='c.test' to='b.test' id='x'>00</db:verify>");
                mallory.expect("<db:verify[^>]*type=['\"]invalid['\"]");
            }
        }
    }

    @Test
    void aProvenPeerCannotSendFromAnotherDomain(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer b = net.start("b.test", true, "dialback_allowed");
            b.server().accounts().add("bob@b.test", TestServer.PASSWORD);
            KeyPair keys = TestCa.ecKeys();
            X509Certificate evil = net.ca.issue(keys, "evil.test");
            try (RawXmppClient mallory = secured(b, "evil.test", sslContext(keys, evil))) {
                assertThat(mallory.expect("<stream:features.*?</stream:features>").group()).contains("EXTERNAL");
                mallory.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
                mallory.expect("<success");
                mallory.send(String.format(HEADER, "evil.test")).expect("</stream:features>|<stream:features/>");
                mallory.send("<message from='alice@a.test' to='bob@b.test'><body>trust me</body></message>");
                mallory.expect("<invalid-from xmlns=['\"]urn:ietf:params:xml:ns:xmpp-streams['\"]");
                assertThat(mallory.awaitClose(Duration.ofSeconds(10))).contains("</stream:stream>");
            }
        }
    }

    @Test
    void oneAddressGetsNoMoreStreamsThanItsLimitAndTheOthersLive(@TempDir Path dir) throws Exception {
        try (FederatedServers net = new FederatedServers(dir)) {
            TestServer b = net.startUnpublished("b.test", true, "dialback_allowed",
                    Map.of("connections_per_ip", 2, "exempt_loopback", false));
            try (RawXmppClient first = new RawXmppClient(FederatedServers.s2sPort(b))) {
                // Each answered before the next connects: the server sees them in this order.
                first.send(String.format(HEADER, "a.test")).expect("<starttls");
                try (RawXmppClient second = new RawXmppClient(FederatedServers.s2sPort(b))) {
                    second.send(String.format(HEADER, "a.test")).expect("<starttls");
                    try (RawXmppClient third = new RawXmppClient(FederatedServers.s2sPort(b))) {
                        // Refused at once, in a server stream: nothing of it reaches the stream handler.
                        assertThat(third.awaitClose(Duration.ofSeconds(10))).contains("xmlns='jabber:server'",
                                "<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>",
                                "too many connections");
                    }
                    // The two others are untouched.
                    first.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").expect("<proceed");
                    second.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").expect("<proceed");
                }
            }
            // Once the server has seen them close, the address may connect again.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                try (RawXmppClient again = new RawXmppClient(FederatedServers.s2sPort(b))) {
                    again.send(String.format(HEADER, "a.test")).expect("<starttls", Duration.ofSeconds(2));
                }
            });
        }
    }

    /** Connects to b.test's s2s port as {@code claimed}, through STARTTLS, up to the secured stream's header. */
    private static RawXmppClient secured(TestServer b, String claimed, SSLContext tls) throws Exception {
        RawXmppClient c = new RawXmppClient(FederatedServers.s2sPort(b));
        c.send(String.format(HEADER, claimed)).expect("<starttls");
        c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").expect("<proceed");
        c.startTls(tls, "b.test");
        c.send(String.format(HEADER, claimed));
        return c;
    }

    /** TLS that accepts any server certificate and presents {@code certificate}, if any. */
    private static SSLContext sslContext(KeyPair keys, X509Certificate certificate) throws Exception {
        KeyManagerFactory kmf = null;
        if (keys != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", keys.getPrivate(), new char[0], new Certificate[] {certificate});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        X509TrustManager anyServer = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {anyServer}, null);
        return ctx;
    }
}
