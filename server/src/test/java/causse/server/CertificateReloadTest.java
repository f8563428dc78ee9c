package causse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.tls.CertificateFiles;
import causse.tls.SelfSignedCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate renewed on disk is served to new connections within seconds, without a restart. */
class CertificateReloadTest {
    private static final String OPEN = "<stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    @Test
    void aRenewedCertificateReachesTheNextConnectionsAndTheOpenOnesGoOn(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"))) {
            server.addUser("alice");
            Path live = dir.resolve("server").resolve("certs");
            X509Certificate before = read(live.resolve("localhost.crt"));
            try (RawXmppClient open = RawXmppClient.loggedIn(server, "alice", "desk")) {
                assertThat(servedCertificate(server)).isEqualTo(before);

                CertificateFiles renewed = new SelfSignedCertificates().ensure("localhost",
                        Files.createDirectories(dir.resolve("renewed")));
                X509Certificate after = read(renewed.certificate());
                Files.copy(renewed.privateKey(), live.resolve("localhost.key"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(renewed.certificate(), live.resolve("localhost.crt"), StandardCopyOption.REPLACE_EXISTING);

                await().atMost(CausseServer.CERTIFICATE_CHECK.multipliedBy(4)).pollInterval(Duration.ofMillis(250))
                        .until(() -> after.equals(servedCertificate(server)));
                // The session opened before the renewal keeps its TLS session and goes on.
                open.send("<iq type='get' id='still' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>")
                        .expect("<iq type=\"result\" id=\"still\"");
            }
        }
    }

    /** The certificate a new STARTTLS connection is shown (trusting whatever is in the certificate file now). */
    private static X509Certificate servedCertificate(TestServer server) throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.c2sPort())) {
            c.send(OPEN).expect("</stream:features>");
            c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").expect("<proceed");
            try {
                c.startTls(server.sslContext(), "localhost");
            } catch (javax.net.ssl.SSLException e) {
                return null;   // the file changed under the handshake; the next try settles it
            }
            return c.peerCertificate();
        }
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
