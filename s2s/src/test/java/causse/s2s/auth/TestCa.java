package causse.s2s.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority for tests: issues EC certificates with DNS (and optionally xmppAddr) names, as PEM files. */
public final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keys;
    private final X509Certificate certificate;

    public TestCa(String name) throws GeneralSecurityException, OperatorCreationException, IOException {
        keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        certificate = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)), keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes this CA's certificate to {@code file} (a trust store for {@code trust_store}). */
    public Path writeCertificate(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, pem(certificate));
        return file;
    }

    /** A leaf certificate for {@code dnsNames}; the first name is also the CN. */
    public X509Certificate issue(KeyPair subjectKeys, String... dnsNames) throws Exception {
        List<GeneralName> names = new ArrayList<>();
        for (String n : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, n));
        }
        return issue(subjectKeys, dnsNames[0], names);
    }

    /** A leaf whose only subjectAltName is an id-on-xmppAddr (RFC 6120 §13.7.1.4). */
    public X509Certificate issueXmppAddr(KeyPair subjectKeys, String xmppAddr) throws Exception {
        return issue(subjectKeys, "someone", List.of(new GeneralName(GeneralName.otherName, new DERSequence(
                new ASN1Encodable[] {PeerCertificates.XMPP_ADDR, new DERTaggedObject(true, 0, new DERUTF8String(xmppAddr))}))));
    }

    /** A leaf with no subjectAltName at all: only its CN names it. */
    public X509Certificate issueCommonNameOnly(KeyPair subjectKeys, String cn) throws Exception {
        return issue(subjectKeys, cn, List.of());
    }

    private X509Certificate issue(KeyPair subjectKeys, String cn, List<GeneralName> names) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(certificate.getSubjectX500Principal().getName()),
                serial(), notBefore(), notAfter(), new X500Name("CN=" + cn), subjectKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return sign(builder, keys.getPrivate());
    }

    /** Writes {@code <domain>.crt} (leaf then CA) and {@code <domain>.key} into {@code dir}, where Causse looks for them. */
    public void writeHostFiles(String domain, Path dir) throws Exception {
        writeHostFiles(domain, dir, ecKeys());
    }

    /**
     * The same with the given leaf keys. For ejabberd use {@link #rsaKeys()}: Erlang's public_key cannot pair a
     * PKCS#8 EC key without its public point (how the JDK encodes them) with its certificate.
     */
    public void writeHostFiles(String domain, Path dir, KeyPair leafKeys) throws Exception {
        X509Certificate leaf = issue(leafKeys, domain);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(domain + ".key"), pem(new JcaPKCS8Generator(leafKeys.getPrivate(), null)));
        Files.writeString(dir.resolve(domain + ".crt"), pem(leaf) + pem(certificate));
    }

    public static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    public static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }
}
