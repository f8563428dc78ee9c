package causse.server;

import static org.awaitility.Awaitility.await;

import causse.s2s.auth.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * An ejabberd (Debian's package) for one test, under its own Erlang node name, with config, spool and logs in a
 * temp directory that the {@code ejabberd} user owns (ejabberdctl always runs the node as that user). Erlang's
 * resolver is pointed at the test's DNS server, and only it, by the node's {@code inetrc} (with /etc/resolv.conf too,
 * the machine's resolver answers NXDOMAIN for {@code .test} first). Started and stopped with
 * ejabberdctl; its PID file lets {@link #close} kill exactly this node if it does not stop.
 */
final class EjabberdPeer implements FederationPeer {
    static final String CTL = "/usr/sbin/ejabberdctl";

    private final Path dir;
    private final String domain;
    private final String node;
    private final int c2sPort;
    private final int s2sPort;

    private EjabberdPeer(Path dir, String domain, String node, int c2sPort, int s2sPort) {
        this.dir = dir;
        this.domain = domain;
        this.node = node;
        this.c2sPort = c2sPort;
        this.s2sPort = s2sPort;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(CTL));
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * @param issuer the CA that signs ejabberd's certificate (DNS names only: 23.01 crashes on id-on-xmppAddr)
     * @param trusted the CA certificate ejabberd trusts for peers ({@code ca_file})
     */
    static EjabberdPeer start(Path dir, String domain, TestCa issuer, Path trusted, String dns, String... users)
            throws Exception {
        Path cfg = dir.resolve("cfg");
        Files.createDirectories(cfg);
        Files.createDirectories(dir.resolve("spool"));
        Files.createDirectories(dir.resolve("logs"));
        issuer.writeHostFiles(domain, dir.resolve("certs"), TestCa.rsaKeys());
        Path pem = cfg.resolve(domain + ".pem");
        Files.writeString(pem, Files.readString(dir.resolve("certs").resolve(domain + ".crt"))
                + Files.readString(dir.resolve("certs").resolve(domain + ".key")));
        Files.copy(trusted, cfg.resolve("ca.pem"));
        int c2s = ProsodyPeer.freePort();
        int s2s = ProsodyPeer.freePort();
        String[] resolver = dns.split(":");
        Files.writeString(cfg.resolve("inetrc"), """
                {lookup,["file","dns"]}.
                {host,{127,0,0,1}, ["localhost"]}.
                {resolv_conf, ""}.
                {nameserver, {%s}, %s}.
                """.formatted(resolver[0].replace('.', ','), resolver[1]));
        Files.writeString(cfg.resolve("ejabberdctl.cfg"), """
                ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
                EJABBERD_PID_PATH=%s
                """.formatted(dir.resolve("ejabberd.pid").toAbsolutePath()));
        Files.writeString(cfg.resolve("ejabberd.yml"), """
                hosts: ["%1$s"]
                loglevel: info
                certfiles: ["%2$s"]
                ca_file: "%3$s"
                listen:
                  - port: %4$d
                    ip: "127.0.0.1"
                    module: ejabberd_c2s
                    starttls_required: true
                  - port: %5$d
                    ip: "127.0.0.1"
                    module: ejabberd_s2s_in
                s2s_use_starttls: required
                outgoing_s2s_families: [ipv4]
                auth_method: internal
                access_rules:
                  c2s:
                    allow: all
                  s2s:
                    allow: all
                modules:
                  mod_roster: {}
                  mod_disco: {}
                  mod_ping: {}
                  mod_s2s_dialback: {}
                """.formatted(domain, pem.toAbsolutePath(), cfg.resolve("ca.pem").toAbsolutePath(), c2s, s2s));
        handOver(dir);
        String node = "causse-test-" + HexFormat.of().formatHex(longBytes()) + "@localhost";
        EjabberdPeer peer = new EjabberdPeer(dir, domain, node, c2s, s2s);
        try {
            peer.ctl(Duration.ofSeconds(60), "start");
            peer.ctl(Duration.ofSeconds(60), "started");
            for (String user : users) {
                peer.ctl(Duration.ofSeconds(30), "register", user, domain, TestServer.PASSWORD);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ProsodyPeer.listening(c2s) && ProsodyPeer.listening(s2s));
        } catch (Exception | AssertionError e) {
            String log = peer.log();
            peer.close();
            throw new IllegalStateException("ejabberd did not start; its log:\n" + log, e);
        }
        return peer;
    }

    private static byte[] longBytes() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** The ejabberd user must reach and own the directory: its parents get o+x, the tree becomes its own. */
    private static void handOver(Path dir) throws IOException {
        UserPrincipal ejabberd = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("ejabberd");
        for (Path p = dir.toAbsolutePath().getParent(); p != null && !p.equals(Path.of("/tmp")) && p.getParent() != null;
             p = p.getParent()) {
            var permissions = Files.getPosixFilePermissions(p);
            permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, permissions);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setOwner(p, ejabberd);
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x--x"));
    }

    private void ctl(Duration timeout, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(CTL, "--config-dir", dir.resolve("cfg").toString(),
                "--config", dir.resolve("cfg").resolve("ejabberd.yml").toString(),
                "--ctl-config", dir.resolve("cfg").resolve("ejabberdctl.cfg").toString(),
                "--spool", dir.resolve("spool").toString(), "--logs", dir.resolve("logs").toString(), "--node", node));
        args.addAll(List.of(command));
        Path out = Files.createTempFile("ejabberdctl", ".log");
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ejabberdctl " + String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("ejabberdctl " + String.join(" ", command) + " failed: "
                        + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
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
    public XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain).setHostAddress(InetAddress.getLoopbackAddress()).setPort(c2sPort)
                .setUsernameAndPassword(user, TestServer.PASSWORD).setResource(resource)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(ProsodyPeer.trustManager(dir.resolve("certs").resolve(domain + ".crt")))
                .addEnabledSaslMechanism("SCRAM-SHA-1").build());
        c.connect().login();
        return c;
    }

    @Override
    public String log() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                all.append("== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return all.toString();
    }

    /** Stops this node with ejabberdctl; if it lingers, kills the PID it wrote (this node's, nothing else). */
    @Override
    public void close() {
        try {
            ctl(Duration.ofSeconds(30), "stop");
            ctl(Duration.ofSeconds(30), "stopped");
        } catch (Exception e) {
            try {
                Path pid = dir.resolve("ejabberd.pid");
                if (Files.exists(pid)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (IOException | NumberFormatException ignored) {
                // nothing more we can stop by PID
            }
        }
    }
}
