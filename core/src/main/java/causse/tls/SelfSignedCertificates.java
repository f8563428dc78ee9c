package causse.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every hosted domain a certificate when the operator configured none, so that TLS, which Causse requires
 * by default, works from the first start. The certificate is self-signed: clients will ask their user to accept
 * it, which is fine for development and closed networks and is why the log says how to configure a real one.
 *
 * <p>Keys are EC P-256 with ECDSA-SHA256 rather than RSA 2048: generation takes milliseconds instead of up to a
 * second (it happens on first start and in many tests), a server-side ECDSA signature per handshake costs a
 * fraction of an RSA one (it matters under a connection storm or a bench run), and every maintained TLS 1.2/1.3
 * stack (JDK, OpenSSL, Erlang/OTP as used by Tsung, Apple, Android) supports it.
 *
 * <p>Files are {@code <dir>/<domain>.crt} and {@code <dir>/<domain>.key}; existing files are reused as they are.
 */
public final class SelfSignedCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificates.class);
    private static final Pattern SAFE_DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final int VALIDITY_YEARS = 10;
    /** Back-dated so that a client whose clock runs a little slow still accepts a certificate made just now. */
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private final SecureRandom random;
    private final Clock clock;

    public SelfSignedCertificates() {
        this(new SecureRandom(), Clock.systemUTC());
    }

    public SelfSignedCertificates(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /**
     * Returns the certificate files for {@code domain} in {@code dir}, generating them first unless both exist.
     * The key is written before the certificate, each atomically, so a crash in between leaves no certificate
     * and the next call generates a fresh pair rather than pairing a certificate with the wrong key.
     *
     * @throws IllegalArgumentException when {@code domain} is not a lower-case DNS name (it becomes a file name)
     * @throws UncheckedIOException when the files cannot be written
     */
    public CertificateFiles ensure(String domain, Path dir) {
        if (domain == null || domain.length() > 253 || !SAFE_DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("not a lower-case DNS name: " + domain);
        }
        CertificateFiles files = new CertificateFiles(dir.resolve(domain + ".crt"), dir.resolve(domain + ".key"));
        if (Files.isRegularFile(files.certificate()) && Files.isRegularFile(files.privateKey())) {
            return files;
        }
        try {
            Files.createDirectories(dir);
            KeyPair keys = newKeyPair();
            X509Certificate certificate = newCertificate(domain, keys);
            PemFiles.writeAtomically(files.privateKey(), PemFiles.encode(new JcaPKCS8Generator(keys.getPrivate(), null)), true);
            PemFiles.writeAtomically(files.certificate(), PemFiles.encode(certificate), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a self-signed certificate for " + domain + " in " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            // every JDK has EC P-256 and SHA256withECDSA; reaching this means a broken runtime, not bad input
            throw new IllegalStateException("cannot generate a self-signed certificate for " + domain, e);
        }
        LOG.warn("Generated a self-signed certificate for {} in {}; clients will not trust it. Configure"
                + " hosts[].certificate and hosts[].private_key to use a real one.", domain, files.certificate());
        return files;
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private X509Certificate newCertificate(String domain, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domain).build();
        Instant now = clock.instant();
        Date notBefore = Date.from(now.minus(CLOCK_SKEW));
        Date notAfter = Date.from(now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant());
        // RFC 5280 §4.1.2.2: positive, at most 20 octets; 127 random bits also keep it unguessable
        BigInteger serial = new BigInteger(127, random).setBit(126);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, notBefore, notAfter, name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                // the wildcard covers service subdomains (pubsub., conference., upload.) served from the same host
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, domain), new GeneralName(GeneralName.dNSName, "*." + domain)}))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(keys.getPrivate())));
    }
}
