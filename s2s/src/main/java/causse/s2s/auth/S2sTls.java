package causse.s2s.auth;

import causse.tls.CertificateFiles;
import causse.tls.PemFiles;
import causse.tls.TlsContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.Mapping;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS contexts of federation, one pair per hosted domain: a server side that asks for the peer's
 * certificate (optional) and a client side that presents ours, for SASL EXTERNAL. Both accept any peer
 * certificate during the handshake on purpose: an untrusted certificate must not break the connection when
 * dialback may still authenticate the peer, so {@link PeerCertificates} judges the chain after the handshake.
 */
public final class S2sTls {
    private final Map<String, SslContext> servers = new LinkedHashMap<>();
    private final Map<String, SslContext> clients = new LinkedHashMap<>();
    private final String fallback;

    public S2sTls(Map<String, CertificateFiles> certificates) {
        certificates.forEach((domain, files) -> {
            PrivateKey key = PemFiles.readPrivateKey(files.privateKey());
            List<X509Certificate> chain = PemFiles.readCertificates(files.certificate());
            try {
                servers.put(domain, SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK)
                        .protocols(TlsContexts.PROTOCOLS).clientAuth(ClientAuth.OPTIONAL)
                        .trustManager(InsecureTrustManagerFactory.INSTANCE).build());
                clients.put(domain, SslContextBuilder.forClient().keyManager(key, chain).sslProvider(SslProvider.JDK)
                        .protocols(TlsContexts.PROTOCOLS).trustManager(InsecureTrustManagerFactory.INSTANCE).build());
            } catch (SSLException e) {
                throw new IllegalArgumentException("cannot build the s2s TLS contexts for " + domain + ": " + e.getMessage(), e);
            }
        });
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no certificates: at least one domain is needed");
        }
        fallback = servers.keySet().iterator().next();
    }

    public SslContext server(String domain) {
        return servers.getOrDefault(domain == null ? fallback : domain.toLowerCase(Locale.ROOT), servers.get(fallback));
    }

    public SslContext client(String localDomain) {
        return clients.getOrDefault(localDomain, clients.get(fallback));
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
