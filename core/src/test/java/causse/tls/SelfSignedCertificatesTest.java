package causse.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    Path dir;

    private final SelfSignedCertificates generator = new SelfSignedCertificates(new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC));

    static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void generatesAnEcCertificateForTheDomainAndItsSubdomains() throws Exception {
        CertificateFiles files = generator.ensure("example.org", dir.resolve("certs"));

        assertThat(files.certificate()).isEqualTo(dir.resolve("certs/example.org.crt"));
        assertThat(files.privateKey()).isEqualTo(dir.resolve("certs/example.org.key"));
        X509Certificate cert = read(files.certificate());
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "example.org"), List.of(2, "*.example.org"));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[2]).as("keyEncipherment, meaningless for EC").isFalse();
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2036-11-01T12:00:00Z"));
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(159);
    }

    @Test
    void writesAnUnencryptedPkcs8KeyReadableOnlyByItsOwner() throws Exception {
        CertificateFiles files = generator.ensure("example.org", dir);

        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .contains("-----END PRIVATE KEY-----");
        assertThat(Files.readString(files.certificate())).startsWith("-----BEGIN CERTIFICATE-----\n");
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.certificate()))).isEqualTo("rw-r--r--");
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("no temporary file left behind")
                    .containsExactlyInAnyOrder("example.org.crt", "example.org.key");
        }
        PemFiles.checkKeyMatches(PemFiles.readPrivateKey(files.privateKey()), read(files.certificate()), files);
    }

    @Test
    void secondCallReusesTheFiles() throws Exception {
        CertificateFiles first = generator.ensure("example.org", dir);
        byte[] cert = Files.readAllBytes(first.certificate());
        byte[] key = Files.readAllBytes(first.privateKey());

        CertificateFiles second = new SelfSignedCertificates().ensure("example.org", dir);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(second.certificate())).isEqualTo(cert);
        assertThat(Files.readAllBytes(second.privateKey())).isEqualTo(key);
    }

    @Test
    void aKeyWithoutItsCertificateIsReplacedByANewPair() throws Exception {
        CertificateFiles first = generator.ensure("example.org", dir);
        byte[] oldKey = Files.readAllBytes(first.privateKey());
        Files.delete(first.certificate()); // as after a crash between the two writes

        CertificateFiles again = generator.ensure("example.org", dir);

        assertThat(Files.readAllBytes(again.privateKey())).isNotEqualTo(oldKey);
        PemFiles.checkKeyMatches(PemFiles.readPrivateKey(again.privateKey()), read(again.certificate()), again);
    }

    @Test
    void eachDomainGetsItsOwnKeyAndSerial() throws Exception {
        X509Certificate a = read(generator.ensure("a.example", dir).certificate());
        X509Certificate b = read(generator.ensure("b.example", dir).certificate());

        assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
        assertThat(a.getPublicKey()).isNotEqualTo(b.getPublicKey());
    }

    @Test
    void refusesNamesThatAreNotSafeFileNames() {
        for (String bad : new String[] {"../etc/passwd", "a/b", "", ".hidden", "Upper.org", "a..b"}) {
            assertThatThrownBy(() -> generator.ensure(bad, dir)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> generator.ensure(null, dir)).isInstanceOf(IllegalArgumentException.class);
    }
}
