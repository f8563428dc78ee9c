package causse.server;

import causse.server.config.AuthConfig;
import causse.server.config.CausseConfig;
import causse.server.config.ListenerConfig;
import causse.server.config.ListenerType;
import causse.server.config.TlsPolicy;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * A real Causse for one test class: its own temp data directory, listeners on ephemeral loopback
 * ports, and Smack connections that trust exactly the certificate the server generated.
 */
public final class TestServer implements AutoCloseable {
    public static final String DOMAIN = "localhost";
    public static final String PASSWORD = "s3cret-Pässword";

    private final CausseServer server;
    private final Path dataDir;

    private TestServer(CausseServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, UnaryOperator.identity());
    }

    /** Starts with the test defaults, adjusted by {@code tweak}. */
    public static TestServer start(Path dataDir, UnaryOperator<CausseConfig> tweak) throws Exception {
        CausseConfig config = tweak.apply(defaults(dataDir));
        return new TestServer(CausseServer.start(config), dataDir);
    }

    public static CausseConfig defaults(Path dataDir) {
        return CausseConfig.defaults().withDataDir(dataDir).withListeners(List.of(
                new ListenerConfig(ListenerType.C2S, "127.0.0.1", 0, TlsPolicy.REQUIRED),
                new ListenerConfig(ListenerType.C2S_DIRECT_TLS, "127.0.0.1", 0, TlsPolicy.REQUIRED)));
    }

    /** A config whose c2s listener allows plain TCP and PLAIN without TLS, and XEP-0078: Tsung's and telnet's setting. */
    public static CausseConfig plaintextAllowed(CausseConfig c, boolean legacyAuth) {
        AuthConfig a = c.auth();
        return c.withListeners(List.of(new ListenerConfig(ListenerType.C2S, "127.0.0.1", 0, TlsPolicy.OPTIONAL)))
                .withAuth(new AuthConfig(a.mechanisms(), true, legacyAuth, a.scramIterations()));
    }

    public CausseServer server() {
        return server;
    }

    /** The data directory: a {@code causse} command given it works on this server's database. */
    public Path dataDir() {
        return dataDir;
    }

    public int c2sPort() {
        return server.port(ListenerType.C2S);
    }

    public int directTlsPort() {
        return server.port(ListenerType.C2S_DIRECT_TLS);
    }

    /** Creates {@code user@localhost} with {@link #PASSWORD}. */
    public void addUser(String user) {
        server.accounts().add(user + "@" + DOMAIN, PASSWORD);
    }

    public XMPPTCPConnection login(String domain, String user, String password, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smackConfig(domain, user, password, resource).build());
        c.connect().login();
        return c;
    }

    public XMPPTCPConnectionConfiguration.Builder smackConfig(String user, String password, String resource)
            throws Exception {
        return smackConfig(DOMAIN, user, password, resource);
    }

    public XMPPTCPConnectionConfiguration.Builder smackConfig(String domain, String user, String password,
                                                              String resource) throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(c2sPort())
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(trustManager(domain))
                .addEnabledSaslMechanism("SCRAM-SHA-1");
    }

    /** A connected, authenticated Smack connection for {@code user@localhost/resource}. */
    public XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smackConfig(user, PASSWORD, resource).build());
        c.connect().login();
        return c;
    }

    /** Trusts the server's generated certificate for {@link #DOMAIN}, and nothing else. */
    public X509TrustManager trustManager() throws Exception {
        return trustManager(DOMAIN);
    }

    /** Trusts the server's generated certificates for these domains, and nothing else. */
    public X509TrustManager trustManager(String... domains) throws Exception {
        return trustManager(dataDir, domains);
    }

    /** Trusts the certificates generated in {@code dataDir} for these domains, and nothing else. */
    public static X509TrustManager trustManager(Path dataDir, String... domains) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (String domain : domains) {
            try (InputStream in = Files.newInputStream(dataDir.resolve("certs").resolve(domain + ".crt"))) {
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("c" + i++, cert);
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    public SSLContext sslContext(String... domains) throws Exception {
        return sslContext(dataDir, domains.length == 0 ? new String[] {DOMAIN} : domains);
    }

    public static SSLContext sslContext(Path dataDir, String... domains) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager(dataDir, domains)}, null);
        return ctx;
    }

    @Override
    public void close() {
        server.close();
    }
}
