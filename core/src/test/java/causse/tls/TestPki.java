package causse.tls;

import java.math.BigInteger;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Certificates and keys in the shapes operators bring: CA-issued chains, RSA keys in PKCS#1, EC keys in SEC1. */
final class TestPki {
    private TestPki() {
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subject} signed by {@code issuerKey}; {@code dnsNames} become its SAN. */
    static X509Certificate issue(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey, boolean ca,
                                 String... dnsNames) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + subject), subjectKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (dnsNames.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    Arrays.stream(dnsNames).map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        }
        String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }

    /**
     * An EC key in SEC1 ({@code EC PRIVATE KEY}) as OpenSSL writes it, with the curve, and with or without the
     * optional public key. (BC's writer cannot be used: the JDK's key encoding leaves the curve to PKCS#8.)
     */
    static String sec1(KeyPair keys, boolean withPublicKey) throws Exception {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        BigInteger d = ((ECPrivateKey) keys.getPrivate()).getS();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, withPublicKey ? spki.getPublicKeyData() : null,
                spki.getAlgorithm().getParameters());
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return text.toString();
    }

    /** Writes objects the way OpenSSL does: a bare RSA or EC private key becomes PKCS#1 or SEC1. */
    static Path writePem(Path file, Object... objects) throws Exception {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        return file;
    }
}
