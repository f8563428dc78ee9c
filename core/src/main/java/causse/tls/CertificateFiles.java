package causse.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A domain's certificate and key on disk, both PEM: {@code certificate} holds the chain, the domain's own
 * certificate first; {@code privateKey} is unencrypted PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC1
 * ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}).
 */
public record CertificateFiles(Path certificate, Path privateKey) {
    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
