package causse.server.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One hosted XMPP domain. {@code certificate} (a PEM chain, leaf first) and {@code privateKey} (PEM, PKCS#8 or
 * PKCS#1) come together or not at all; when absent a self-signed certificate is generated under
 * {@code <data_dir>/certs}.
 */
public record HostConfig(String domain, Path certificate, Path privateKey) {
    public HostConfig {
        Objects.requireNonNull(domain, "domain");
        domain = domain.toLowerCase(Locale.ROOT);
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("certificate and privateKey go together for " + domain);
        }
    }

    /** A host with a generated self-signed certificate. */
    public static HostConfig selfSigned(String domain) {
        return new HostConfig(domain, null, null);
    }

    /** True when the operator gave certificate files, false when Causse generates them. */
    public boolean hasCertificate() {
        return certificate != null;
    }
}
