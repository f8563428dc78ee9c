package causse.server;

import static org.awaitility.Awaitility.await;

import causse.s2s.auth.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * A Prosody (Debian's package) for one test: its own config, data and certificates in a temp directory, c2s and
 * s2s on free loopback ports, DNS through the test's resolver (libunbound forwarding to it, with the {@code test.}
 * zone unblocked, see INTEROP-NOTES.md). Started as a child process and stopped by its PID.
 */
final class ProsodyPeer implements FederationPeer {
    static final String BINARY = "/usr/bin/prosody";

    private final Path dir;
    private final String domain;
    private final int c2sPort;
    private final int s2sPort;
    private final Process process;

    private ProsodyPeer(Path dir, String domain, int c2sPort, int s2sPort, Process process) {
        this.dir = dir;
        this.domain = domain;
        this.c2sPort = c2sPort;
        this.s2sPort = s2sPort;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of("/usr/bin/prosodyctl"));
    }

    /**
     * @param issuer the CA that signs Prosody's certificate
     * @param trusted the CA certificate Prosody trusts for peers
     * @param secureAuth Prosody's {@code s2s_secure_auth}: true demands a valid certificate, false allows dialback
     */
    static ProsodyPeer start(Path dir, String domain, TestCa issuer, Path trusted, boolean secureAuth, String dns,
                             String... users) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        issuer.writeHostFiles(domain, dir.resolve("certs"));
        int c2s = freePort();
        int s2s = freePort();
        String[] resolver = dns.split(":");
        String config = """
                run_as_root = true
                prosody_user = "root"
                prosody_group = "root"
                daemonize = false
                pidfile = "%1$s/prosody.pid"
                data_path = "%1$s/data"
                interfaces = { "127.0.0.1" }
                c2s_ports = { %2$d }
                s2s_ports = { %3$d }
                c2s_direct_tls_ports = {}
                s2s_direct_tls_ports = {}
                http_ports = {}
                https_ports = {}
                modules_enabled = { "roster", "saslauth", "tls", "dialback", "disco", "ping" }
                modules_disabled = { "admin_shell" }
                authentication = "internal_hashed"
                certificates = "%1$s/certs"
                ssl = { cafile = "%4$s" }
                s2s_secure_auth = %5$s
                s2s_require_encryption = true
                log = { debug = "%1$s/prosody.log" }
                unbound = { resolvconf = false, hoststxt = false, forward = "%6$s@%7$s",
                            options = { ["local-zone:"] = "test. transparent" } }
                VirtualHost "%8$s"
                """.formatted(dir.toAbsolutePath(), c2s, s2s, trusted.toAbsolutePath(), secureAuth, resolver[0],
                resolver[1], domain);
        Path configFile = dir.resolve("prosody.cfg.lua");
        Files.writeString(configFile, config);
        for (String user : users) {
            Process register = new ProcessBuilder("/usr/bin/prosodyctl", "--config", configFile.toString(), "register",
                    user, domain, TestServer.PASSWORD).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prosodyctl.log").toFile()).start();
            if (!register.waitFor(30, TimeUnit.SECONDS) || register.exitValue() != 0) {
                register.destroyForcibly();
                throw new IllegalStateException("prosodyctl register failed: " + Files.readString(dir.resolve("prosodyctl.log")));
            }
        }
        Process process = new ProcessBuilder(BINARY, "--config", configFile.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        ProsodyPeer peer = new ProsodyPeer(dir, domain, c2s, s2s, process);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive() || (listening(c2s) && listening(s2s)));
            if (!process.isAlive()) {
                throw new IllegalStateException("prosody exited: " + peer.log());
            }
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public int s2sPort() {
        return s2sPort;
    }

    @Override
    public String log() throws IOException {
        Path log = dir.resolve("prosody.log");
        return Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("stdout.log"));
    }

    /** A Smack client of this Prosody, trusting exactly its certificate file. */
    @Override
    public XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain).setHostAddress(InetAddress.getLoopbackAddress()).setPort(c2sPort)
                .setUsernameAndPassword(user, TestServer.PASSWORD).setResource(resource)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(trustManager(dir.resolve("certs").resolve(domain + ".crt")))
                .addEnabledSaslMechanism("SCRAM-SHA-1").build());
        c.connect().login();
        return c;
    }

    static X509TrustManager trustManager(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("c" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops this Prosody by its own PID (SIGTERM, then SIGKILL if it lingers). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
