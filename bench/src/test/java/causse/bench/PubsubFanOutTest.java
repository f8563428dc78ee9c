package causse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.CausseServer;
import causse.server.config.AuthConfig;
import causse.server.config.CausseConfig;
import causse.server.config.ListenerConfig;
import causse.server.config.ListenerType;
import causse.server.config.ModuleOptions;
import causse.server.config.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pubsub scenario against an in-process Causse: one publish on a node with 2,000 subscribers reaches every
 * one of them exactly once (XEP-0060 fan-out; the rate is bench's business, not this test's), and a server
 * without a pubsub service is reported as such.
 */
class PubsubFanOutTest {
    private static final String PASSWORD = "secret";

    @TempDir
    Path dataDir;

    private static CausseServer start(Path dataDir, int users, boolean pubsub) throws Exception {
        CausseConfig c = CausseConfig.defaults().withDataDir(dataDir);
        AuthConfig a = c.auth();
        CausseServer server = CausseServer.start(c
                .withListeners(List.of(new ListenerConfig(ListenerType.C2S, "127.0.0.1", 0, TlsPolicy.OPTIONAL)))
                .withAuth(new AuthConfig(a.mechanisms(), true, false, a.scramIterations()))
                .withModules(Map.of("pubsub", ModuleOptions.of("pubsub", Map.of("enabled", pubsub)))));
        // SCRAM key derivation is the slow part of creating an account: both cores.
        IntStream.rangeClosed(1, users).parallel().forEach(i -> server.accounts().add("user" + i + "@localhost",
                PASSWORD));
        return server;
    }

    private static BenchOptions pubsub(CausseServer server, int users, int rate, Duration duration) {
        return new BenchOptions("pubsub", "127.0.0.1", server.port(ListenerType.C2S), "localhost", users, PASSWORD,
                "user", 1, "none", "PLAIN", 2000, duration, rate, 0, Duration.ofSeconds(30), Duration.ZERO, false,
                true, ProcessHandle.current().pid(), 2);
    }

    @Test
    void onePublishReachesTwoThousandSubscribersOnceEach() throws Exception {
        try (CausseServer server = start(dataDir, 2001, true)) {
            // One item a second for one second: a single publish.
            Map<String, Object> r = Bench.run(pubsub(server, 2001, 1, Duration.ofSeconds(1)),
                    new PrintStream(new ByteArrayOutputStream()), null, null);

            assertThat(r.get("error")).isNull();
            assertThat(r.get("failures")).as(String.valueOf(r.get("failure_reasons"))).isEqualTo(0L);
            assertThat(r.get("subscribers")).isEqualTo(2000);
            long published = ((Number) r.get("published")).longValue();
            assertThat(published).isPositive();
            assertThat(r.get("delivered")).isEqualTo(published * 2000);
            assertThat(r.get("lost")).isEqualTo(0L);
            assertThat(r.get("duplicated")).isEqualTo(0L);
        }
    }

    @Test
    void aServerWithoutPubsubIsReportedAsSuch() throws Exception {
        try (CausseServer server = start(dataDir, 3, false)) {
            Map<String, Object> r = Bench.run(pubsub(server, 3, 10, Duration.ofSeconds(1)),
                    new PrintStream(new ByteArrayOutputStream()), null, null);

            assertThat(r.get("error").toString()).contains("not supported by the server");
        }
    }
}
