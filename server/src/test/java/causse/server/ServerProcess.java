package causse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * {@code causse start} as a process of its own, as an operator runs it, for the tests that stop it from outside
 * (SIGTERM, SIGKILL). Its output goes to a file, not a pipe: killing the process closes a pipe, and the last
 * lines would be lost.
 */
final class ServerProcess implements AutoCloseable {
    static final String DOMAIN = "localhost";

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String serving;

    private ServerProcess(Process process, Path dataDir, Path log, String serving) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.serving = serving;
    }

    /** Writes a configuration for {@code localhost} on ephemeral c2s and Direct TLS ports, data in {@code dir/data}. */
    static Path configure(Path dir, String extraYaml) throws Exception {
        Path config = dir.resolve("causse.yml");
        Files.writeString(config, """
                hosts:
                  - domain: localhost
                data_dir: %s
                listeners:
                  - type: c2s
                    bind: 127.0.0.1
                    port: 0
                  - type: c2s_direct_tls
                    bind: 127.0.0.1
                    port: 0
                %s
                """.formatted(dir.resolve("data"), extraYaml));
        return config;
    }

    static void addUser(Path config, String user) {
        assertThat(Main.run(new String[] {"adduser", "-c", config.toString(), user + "@" + DOMAIN, TestServer.PASSWORD},
                InputStream.nullInputStream(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)))
                .isZero();
    }

    /** Starts the server on {@code config} and waits until it serves; its output goes to {@code log}. */
    static ServerProcess start(Path config, Path log) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "causse.server.Main", "start", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String serving = awaitLine(log, "serving", Duration.ofSeconds(60));
            return new ServerProcess(p, config.getParent().resolve("data"), log, serving);
        } catch (Throwable t) {
            p.destroyForcibly();
            throw t;
        }
    }

    /** The start-up line that lists the listeners and the start-up time. */
    String servingLine() {
        return serving;
    }

    Path dataDir() {
        return dataDir;
    }

    int c2sPort() {
        return port("c2s");
    }

    int directTlsPort() {
        return port("c2s_direct_tls");
    }

    private int port(String listener) {
        Matcher m = Pattern.compile(listener + " 127\\.0\\.0\\.1:(\\d+)").matcher(serving);
        assertThat(m.find()).as(serving).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** A logged-in Smack connection for {@code user@localhost/resource}, trusting the server's own certificate. */
    XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(smackConfig(user, resource).build());
        c.connect().login();
        return c;
    }

    XMPPTCPConnectionConfiguration.Builder smackConfig(String user, String resource) throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(c2sPort())
                .setUsernameAndPassword(user, TestServer.PASSWORD)
                .setResource(resource)
                .setSecurityMode(ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(TestServer.trustManager(dataDir, DOMAIN));
    }

    /** SIGTERM, then waits for the process to end. */
    int terminate(Duration timeout) throws Exception {
        process.destroy();
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("stopped within " + timeout).isTrue();
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, nothing closed; waits until the process is gone. */
    void kill() throws Exception {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    String output() throws Exception {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static String awaitLine(Path file, String needle, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(needle)) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line with '" + needle + "' within " + timeout + "; output: "
                + (Files.exists(file) ? Files.readString(file) : "(none)"));
    }
}
