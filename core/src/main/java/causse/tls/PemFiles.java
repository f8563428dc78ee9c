package causse.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files behind {@link CertificateFiles}. Parsing goes through Bouncy Castle rather
 * than Netty so that every key format operators actually have (PKCS#8, PKCS#1 from older OpenSSL and
 * certbot, SEC1 EC keys) loads the same way, and so that errors can name the file.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** All certificates in {@code file}, in order; other PEM blocks (a key in a combined file) are skipped. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(file + ": cannot read the certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return List.copyOf(chain);
    }

    /** The first private key in {@code file}: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted. */
    public static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    // only the private half: SEC1 makes the public key optional and some tools leave it out
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new IllegalArgumentException(file + ": the private key is encrypted; Causse needs it unencrypted"
                            + " (openssl pkey -in " + file + " -out <new file>) and protected by file permissions");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + ": no PEM private key (-----BEGIN PRIVATE KEY----- or"
                + " -----BEGIN RSA/EC PRIVATE KEY-----) found");
    }

    /**
     * Fails unless {@code key} belongs to {@code certificate}. The JDK would only notice at the first handshake,
     * with an error that names neither file.
     */
    public static void checkKeyMatches(PrivateKey key, X509Certificate certificate, CertificateFiles files) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null; // rarer key types: left to the handshake
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "causse key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key in " + files.privateKey()
                    + " does not belong to the first certificate in " + files.certificate());
        }
    }

    /** PEM text of {@code objects} (certificates, or a {@code JcaPKCS8Generator} for a PKCS#8 key). */
    static String encode(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        return text.toString();
    }

    /**
     * Writes {@code target} so that it either keeps its old content or has all the new content, never part of
     * it: the text goes to a temporary file in the same directory, is forced to disk, then renamed over the
     * target. On POSIX file systems the file is created owner-only and opened to others afterwards only when
     * not {@code secret}, so a key is never readable by others, even for a moment.
     */
    static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path temp = posix
                ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (posix && !secret) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
