package causse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.CausseServer;
import causse.server.config.AuthConfig;
import causse.server.config.CausseConfig;
import causse.server.config.ListenerConfig;
import causse.server.config.ListenerType;
import causse.server.config.ModuleOptions;
import causse.server.config.TlsPolicy;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                // pubsub is on by default since 7e71e13; off here, so that the pubsub scenario meets a server
                // without the service, which is what pubsubIsReportedAsNotSupportedWhenTheServerHasNoService checks.
                .withModules(Map.of("register", ModuleOptions.of("register", Map.of("enabled", true)),
                        "pubsub", ModuleOptions.of("pubsub", Map.of("enabled", false)))));
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
    void pubsubIsReportedAsNotSupportedWhenTheServerHasNoService() throws Exception {
        BenchOptions o = options("pubsub", 3, 1, "user", "PLAIN", false);
        Map<String, Object> r = Bench.run(o, new PrintStream(new ByteArrayOutputStream()), null, null);
        assertThat(r.get("error").toString()).contains("not supported by the server");
    }

    @Test
    void inBandRegistrationCreatesTheAccountsThenLogsIn() throws Exception {
        JsonObject r = run(options("connections", 20, 1, "fresh", "PLAIN", true));
        assertThat(r.get("sessions_held").getAsInt()).isEqualTo(20);
        assertThat(server.accounts().exists("fresh20@localhost")).isTrue();
    }
}
