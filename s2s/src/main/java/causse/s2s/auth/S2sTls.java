package causse.s2s.auth;

import causse.tls.CertificateFiles;
import causse.tls.CertificateWatch;
import causse.tls.PemFiles;
import causse.tls.TlsContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.Mapping;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS contexts of federation, one pair per hosted domain: a server side that asks for the peer's
 * certificate (optional) and a client side that presents ours, for SASL EXTERNAL. Both accept any peer
 * certificate during the handshake on purpose: an untrusted certificate must not break the connection when
 * dialback may still authenticate the peer, so {@link PeerCertificates} judges the chain after the handshake.
 */
public final class S2sTls {
    private static final Logger log = LoggerFactory.getLogger(S2sTls.class);

    private final CertificateWatch watch;
    /** Replaced whole on a reload, so a reader sees one consistent set. */
    private volatile Map<String, SslContext> servers;
    private volatile Map<String, SslContext> clients;
    private final String fallback;

    public S2sTls(Map<String, CertificateFiles> certificates) {
        Map<String, SslContext> s = new LinkedHashMap<>();
        Map<String, SslContext> c = new LinkedHashMap<>();
        certificates.forEach((domain, pair) -> {
            s.put(domain, server(domain, pair));
            c.put(domain, client(domain, pair));
        });
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no certificates: at least one domain is needed");
        }
        servers = Map.copyOf(s);
        clients = Map.copyOf(c);
        fallback = s.keySet().iterator().next();
        watch = new CertificateWatch(certificates);
    }

    /**
     * Builds the contexts again for every domain whose certificate or key file changed since it was last read
     * (a renewal); answers the domains reloaded. Files that make no usable pair keep the previous contexts until
     * they change again.
     */
    public synchronized List<String> reloadChanged() {
        Map<String, SslContext> s = null;
        Map<String, SslContext> c = null;
        List<String> reloaded = new ArrayList<>();
        for (Map.Entry<String, CertificateFiles> e : watch.changed().entrySet()) {
            try {
                SslContext server = server(e.getKey(), e.getValue());
                SslContext client = client(e.getKey(), e.getValue());
                if (s == null) {
                    s = new LinkedHashMap<>(servers);
                    c = new LinkedHashMap<>(clients);
                }
                s.put(e.getKey(), server);
                c.put(e.getKey(), client);
                reloaded.add(e.getKey());
                log.info("Reloaded the federation certificate for {} from {}", e.getKey(), e.getValue().certificate());
            } catch (RuntimeException failure) {
                log.warn("The changed certificate files for {} cannot be used for federation, the previous certificate"
                        + " stays until they change again: {}", e.getKey(), failure.getMessage());
            }
        }
        if (s != null) {
            servers = Map.copyOf(s);
            clients = Map.copyOf(c);
        }
        return reloaded;
    }

    private static SslContext server(String domain, CertificateFiles pair) {
        PrivateKey key = PemFiles.readPrivateKey(pair.privateKey());
        List<X509Certificate> chain = PemFiles.readCertificates(pair.certificate());
        PemFiles.checkKeyMatches(key, chain.get(0), pair);
        try {
            return SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK)
                    .protocols(TlsContexts.PROTOCOLS).ciphers(TlsContexts.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build the s2s TLS contexts for " + domain + ": " + e.getMessage(), e);
        }
    }

    private static SslContext client(String domain, CertificateFiles pair) {
        PrivateKey key = PemFiles.readPrivateKey(pair.privateKey());
        List<X509Certificate> chain = PemFiles.readCertificates(pair.certificate());
        try {
            return SslContextBuilder.forClient().keyManager(key, chain).sslProvider(SslProvider.JDK)
                    .protocols(TlsContexts.PROTOCOLS).ciphers(TlsContexts.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot build the s2s TLS contexts for " + domain + ": " + e.getMessage(), e);
        }
    }

    public SslContext server(String domain) {
        Map<String, SslContext> current = servers;
        return current.getOrDefault(domain == null ? fallback : domain.toLowerCase(Locale.ROOT), current.get(fallback));
    }

    public SslContext client(String localDomain) {
        Map<String, SslContext> current = clients;
        return current.getOrDefault(localDomain, current.get(fallback));
    }

    /** For the Direct TLS listener's {@code SniHandler}: the peer names the domain it wants in SNI. */
    public Mapping<String, SslContext> sniMapping() {
        return this::server;
    }

    /** The CA certificates in a PEM file, or the JDK's default trust store when {@code pemFile} is null. */
    public static List<X509Certificate> trustAnchors(Path pemFile) {
        if (pemFile != null) {
            return PemFiles.readCertificates(pemFile);
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return Arrays.asList(x509.getAcceptedIssuers());
                }
            }
            return List.of();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's default trust store", e);
        }
    }
}
