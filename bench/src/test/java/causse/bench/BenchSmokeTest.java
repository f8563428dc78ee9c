package causse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import causse.server.CausseServer;
import causse.server.config.AuthConfig;
import causse.server.config.CausseConfig;
import causse.server.config.ListenerConfig;
import causse.server.config.ListenerType;
import causse.server.config.ModuleOptions;
import causse.server.config.TlsPolicy;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Short runs of each scenario against an in-process Causse with plain TCP and PLAIN allowed (Tsung's
 * setting): every session must be established, no message lost or duplicated, and the JSON result and
 * HTML report written.
 */
class BenchSmokeTest {
    private static final int USERS = 200;
    private static final String PASSWORD = "secret";

    @TempDir
    static Path dataDir;
    @TempDir
    Path out;

    private static CausseServer server;

    @BeforeAll
    static void startServer() throws Exception {
        CausseConfig c = CausseConfig.defaults().withDataDir(dataDir);
        AuthConfig a = c.auth();
        server = CausseServer.start(c
                .withListeners(List.of(new ListenerConfig(ListenerType.C2S, "127.0.0.1", 0, TlsPolicy.OPTIONAL)))
                .withAuth(new AuthConfig(a.mechanisms(), true, false, a.scramIterations()))
                .withModules(Map.of("register", ModuleOptions.of("register", Map.of("enabled", true)))));
        for (int i = 1; i <= USERS; i++) {
            server.accounts().add("user" + i + "@localhost", PASSWORD);
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private BenchOptions options(String scenario, int users, int first, String prefix, String sasl, boolean register) {
        return options(scenario, users, first, prefix, "none", sasl, register);
    }

    private BenchOptions options(String scenario, int users, int first, String prefix, String tls, String sasl,
                                 boolean register) {
        return new BenchOptions(scenario, "127.0.0.1", server.port(ListenerType.C2S), "localhost", users, PASSWORD,
                prefix, first, tls, sasl, 2000, Duration.ofSeconds(3), 500, 600, Duration.ofSeconds(10), Duration.ZERO, register,
                true, ProcessHandle.current().pid(), 2);
    }

    private JsonObject run(BenchOptions o) throws Exception {
        Path json = out.resolve("result.json");
        Path html = out.resolve("report.html");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Bench.run(o, new PrintStream(progress, true), json, html);
        assertThat(progress.toString()).contains("[" + o.scenario());
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<link", "src=")
                .doesNotContain("<script src");
        JsonObject r = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(r.get("schema").getAsString()).isEqualTo("causse-bench/1");
        assertThat(r.get("failures").getAsLong()).as(r.get("failure_reasons").toString()).isZero();
        return r;
    }

    @Test
    void msgrateDeliversEveryMessageOnce() throws Exception {
        JsonObject r = run(options("msgrate", USERS, 1, "user", "PLAIN", false));
        assertThat(r.get("sessions").getAsInt()).isEqualTo(USERS);
        assertThat(r.get("sent").getAsLong()).isGreaterThan(1000);
        assertThat(r.get("lost").getAsLong()).isZero();
        assertThat(r.get("duplicated").getAsLong()).isZero();
        assertThat(r.get("misrouted").getAsLong()).isZero();
        assertThat(r.get("delivered").getAsLong()).isEqualTo(r.get("sent").getAsLong());
        assertThat(r.getAsJsonObject("message_latency_ms").get("count").getAsLong()).isEqualTo(r.get("sent").getAsLong());
        assertThat(r.getAsJsonArray("series")).isNotEmpty();
        assertThat(r.get("server_cpu_seconds").getAsDouble()).isPositive();
    }

    @Test
    void connectionsHoldsEverySession() throws Exception {
        JsonObject r = run(options("connections", USERS, 1, "user", "PLAIN", false));
        assertThat(r.get("sessions_reached").getAsInt()).isEqualTo(USERS);
        assertThat(r.get("sessions_held").getAsInt()).isEqualTo(USERS);
        assertThat(r.getAsJsonObject("login_latency_ms").get("count").getAsLong()).isEqualTo(USERS);
    }

    @Test
    void offlineMessagesAreAllDeliveredOnLogin() throws Exception {
        JsonObject r = run(options("offline", USERS, 1, "user", "PLAIN", false));
        assertThat(r.get("receivers").getAsInt()).isEqualTo(USERS / 2);
        assertThat(r.get("sent").getAsLong()).isEqualTo(600);
        assertThat(r.get("lost").getAsLong()).isZero();
        assertThat(r.get("duplicated").getAsLong()).isZero();
        assertThat(r.get("misrouted").getAsLong()).isZero();
    }

    @Test
    void scramLoginsWork() throws Exception {
        JsonObject sha1 = run(options("connections", 10, 1, "user", "SCRAM-SHA-1", false));
        assertThat(sha1.get("sessions_held").getAsInt()).isEqualTo(10);
        JsonObject sha256 = run(options("connections", 10, 11, "user", "SCRAM-SHA-256", false));
        assertThat(sha256.get("sessions_held").getAsInt()).isEqualTo(10);
    }

    @Test
    void startTlsWithTheServersSelfSignedCertificate() throws Exception {
        JsonObject r = run(options("msgrate", 20, 21, "user", "starttls", "SCRAM-SHA-256", false));
        assertThat(r.get("sessions").getAsInt()).isEqualTo(20);
        assertThat(r.get("sent").getAsLong()).isPositive();
        assertThat(r.get("lost").getAsLong()).isZero();
        assertThat(r.get("duplicated").getAsLong()).isZero();
    }

    @Test
    void aWrongPasswordIsReportedAsAFailureWithItsReason() throws Exception {
        BenchOptions o = options("connections", 5, 1, "user", "PLAIN", false);
        BenchOptions wrong = new BenchOptions(o.scenario(), o.host(), o.port(), o.domain(), 5, "wrong", o.userPrefix(),
                1, "none", "PLAIN", 100, Duration.ofSeconds(1), 0, 0, Duration.ofSeconds(1), Duration.ZERO, false, false, 0, 1);
        Map<String, Object> r = Bench.run(wrong, new PrintStream(new ByteArrayOutputStream()), null, null);
        assertThat(r.get("sessions_held")).isEqualTo(0);
        assertThat(r.get("failures")).isEqualTo(5L);
        assertThat(r.get("failure_reasons").toString()).contains("SASL failed");
    }

    @Test
    void pubsubDeliversEveryItemToEverySubscriberOnce() throws Exception {
        JsonObject r = run(options("pubsub", 50, 101, "user", "PLAIN", false));
        assertThat(r.get("subscribers").getAsInt()).isEqualTo(49);
        assertThat(r.get("published").getAsLong()).isPositive();
        assertThat(r.get("delivered").getAsLong()).isEqualTo(r.get("published").getAsLong() * 49);
        assertThat(r.get("lost").getAsLong()).isZero();
        assertThat(r.get("duplicated").getAsLong()).isZero();
    }

    /**
     * The soak scenario with Netty's leak detector in paranoid mode (every buffer tracked): no message lost, no
     * buffer leaked, and once everyone has left the server holds no more files and no more heap than before.
     * A few seconds here; {@code mvn -P soak} runs it for an hour ({@code causse.soak.duration}).
     */
    @Test
    void soakLeavesNoLeakedBufferNoFileAndNoHeapBehind() throws Exception {
        Duration duration = Duration.parse(System.getProperty("causse.soak.duration", "PT6S"));
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        detector.addAppender(leaks);
        leaks.start();
        try {
            long heapBefore = heapAfterGc();
            List<String> filesBefore = openFiles();
            BenchOptions o = options("soak", USERS, 1, "user", "PLAIN", false);
            JsonObject r = run(new BenchOptions(o.scenario(), o.host(), o.port(), o.domain(), o.users(), o.password(),
                    o.userPrefix(), o.first(), o.tls(), o.sasl(), o.rampRate(), duration, 200, 0, o.drain(),
                    Duration.ZERO, false, true, ProcessHandle.current().pid(), 2));
            assertThat(r.get("sessions").getAsInt()).isEqualTo(USERS / 2);
            assertThat(r.get("sent").getAsLong()).isPositive();
            assertThat(r.get("lost").getAsLong()).isZero();
            assertThat(r.get("duplicated").getAsLong()).isZero();
            assertThat(r.get("churn_cycles").getAsLong()).isGreaterThanOrEqualTo(USERS / 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().size() == 0);
            // Server and generator share this process: once the generator is closed and everyone has left, every
            // socket, pipe and file opened since is closed again. A jar is not a leak: the class loader opens one
            // the first time it loads a class from it (a path the run took for the first time) and keeps it.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(added(filesBefore, openFiles()))
                    .as("files opened during the soak and still open").isEmpty());
            // A leaked buffer is reported when the collector has found it and the next buffer is tracked.
            for (int i = 0; i < 5; i++) {
                System.gc();
                ByteBufAllocator.DEFAULT.buffer(64).release();
            }
            assertThat(leaks.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            long heapAfter = heapAfterGc();
            System.out.printf("soak %s: heap after GC %d KiB before, %d KiB after; result %s%n", duration,
                    heapBefore / 1024, heapAfter / 1024, r);
            assertThat(heapAfter - heapBefore).as("heap kept once everyone left").isLessThan(64L << 20);
        } finally {
            detector.detachAppender(leaks);
            ResourceLeakDetector.setLevel(level);
        }
    }

    /** What this process's descriptors point to (socket:[inode], anon_inode:[eventfd], paths), one entry each. */
    private static List<String> openFiles() throws java.io.IOException {
        List<String> targets = new java.util.ArrayList<>();
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return targets;   // not Linux: nothing to compare
        }
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (java.io.IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed while we read
                }
            }
        }
        return targets;
    }

    /** The entries of {@code after} beyond those of {@code before} (as multisets), jars left out. */
    private static List<String> added(List<String> before, List<String> after) {
        List<String> left = new java.util.ArrayList<>(before);
        List<String> extra = new java.util.ArrayList<>();
        for (String target : after) {
            if (!left.remove(target) && !target.endsWith(".jar")) {
                extra.add(target);
            }
        }
        return extra;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void inBandRegistrationCreatesTheAccountsThenLogsIn() throws Exception {
        JsonObject r = run(options("connections", 20, 1, "fresh", "PLAIN", true));
        assertThat(r.get("sessions_held").getAsInt()).isEqualTo(20);
        assertThat(server.accounts().exists("fresh20@localhost")).isTrue();
    }
}
