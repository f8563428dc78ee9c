package causse.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.Mapping;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side TLS contexts, one per hosted domain, built at start-up and again whenever a domain's
 * certificate or key file changes ({@link #reloadChanged}, which the server calls every few seconds): a renewed
 * certificate is served to the next connections without a restart, the current ones keep theirs. Files that do
 * not make a usable pair (half written, key and certificate from different renewals) leave the previous
 * certificate in place until they change again. A connection picks its context
 * by the SNI name the client sent ({@link #sniMapping()}, for Netty's {@code SniHandler}) or, for STARTTLS, by
 * the domain in the stream header ({@link #forDomain}). A service subdomain such as {@code pubsub.example.org}
 * uses its parent domain's certificate, which the generated ones cover with a wildcard; any other name, or no
 * name, gets the fallback: the first domain.
 *
 * <p>Only TLS 1.3 and 1.2 are enabled: RFC 8996 retired 1.0 and 1.1, and RFC 9325 requires at least 1.2; and
 * only the {@link #CIPHERS} suites.
 */
public final class TlsContexts {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * AEAD suites with forward secrecy only (RFC 9325 §4.2, Mozilla's "intermediate" profile without DHE): TLS 1.3's
     * three, and ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2. No CBC, no static RSA key exchange.
     */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private final Map<String, CertificateFiles> files;
    private final String fallbackDomain;
    /** Replaced whole on a reload: readers take one snapshot without a lock. */
    private volatile Map<String, SslContext> contexts;
    private final CertificateWatch watch;

    /**
     * Loads every domain's files. Pass an ordered map (a {@code LinkedHashMap}): its first entry is the fallback.
     *
     * @throws IllegalArgumentException naming the file when a certificate or key cannot be read, the key does
     *         not belong to the certificate, or the map is empty
     */
    public TlsContexts(Map<String, CertificateFiles> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificates: at least one domain is needed");
        }
        Map<String, CertificateFiles> byDomain = new LinkedHashMap<>();
        Map<String, SslContext> built = new LinkedHashMap<>();
        certificates.forEach((domain, pair) -> {
            String name = normalise(domain);
            byDomain.put(name, pair);
            built.put(name, serverContext(domain, pair));
        });
        this.files = Collections.unmodifiableMap(byDomain);
        this.watch = new CertificateWatch(byDomain);
        this.contexts = Collections.unmodifiableMap(built);
        this.fallbackDomain = built.keySet().iterator().next();
    }

    /**
     * Reads again the files of every domain whose certificate or key changed since they were last read, and
     * serves the new certificate to the next connections; answers the domains reloaded. A pair that cannot be
     * used is logged and left until its files change again; the previous certificate stays meanwhile.
     */
    public synchronized List<String> reloadChanged() {
        Map<String, SslContext> next = null;
        List<String> reloaded = new ArrayList<>();
        for (Map.Entry<String, CertificateFiles> e : watch.changed().entrySet()) {
            String domain = e.getKey();
            try {
                SslContext context = serverContext(domain, e.getValue());
                if (next == null) {
                    next = new LinkedHashMap<>(contexts);
                }
                next.put(domain, context);
                reloaded.add(domain);
                LOG.info("Reloaded the TLS certificate for {} from {}", domain, e.getValue().certificate());
            } catch (RuntimeException failure) {
                LOG.warn("The changed certificate files for {} cannot be used, the previous certificate stays until"
                        + " they change again: {}", domain, failure.getMessage());
            }
        }
        if (next != null) {
            contexts = Collections.unmodifiableMap(next);
        }
        return reloaded;
    }

    /** The context for {@code domain}, its nearest hosted parent domain, or the fallback. */
    public SslContext forDomain(String domain) {
        Map<String, SslContext> current = contexts;
        if (domain == null) {
            return current.get(fallbackDomain);
        }
        String name = normalise(domain);
        while (true) {
            SslContext context = current.get(name);
            if (context != null) {
                return context;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return current.get(fallbackDomain);
            }
            name = name.substring(dot + 1);
        }
    }

    /** For {@code new SniHandler(tls.sniMapping())}; a client that sends no SNI name gets the fallback. */
    public Mapping<String, SslContext> sniMapping() {
        return this::forDomain;
    }

    public String fallbackDomain() {
        return fallbackDomain;
    }

    public Set<String> domains() {
        return files.keySet();
    }

    private static SslContext serverContext(String domain, CertificateFiles files) {
        PrivateKey key = PemFiles.readPrivateKey(files.privateKey());
        List<X509Certificate> chain = PemFiles.readCertificates(files.certificate());
        PemFiles.checkKeyMatches(key, chain.get(0), files);
        warnIfNotValidNow(domain, chain.get(0), files);
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.NONE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build the TLS context for " + domain + " from "
                    + files.certificate() + " and " + files.privateKey() + ": " + e.getMessage(), e);
        }
    }

    /** An expired certificate still starts the server (a renewal may be on its way) but every client will refuse it. */
    private static void warnIfNotValidNow(String domain, X509Certificate certificate, CertificateFiles files) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            LOG.warn("The certificate for {} in {} is not valid now ({} to {}); clients will refuse it", domain,
                    files.certificate(), certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        }
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
