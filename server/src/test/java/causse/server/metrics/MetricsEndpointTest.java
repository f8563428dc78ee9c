package causse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import causse.server.CausseServer;
import causse.server.TestServer;
import causse.server.config.MetricsConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint of a real server: what a scrape shows after real traffic, and when nothing listens. */
class MetricsEndpointTest {
    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> request(CausseServer server, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.metricsPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape(CausseServer server) throws Exception {
        HttpResponse<String> response = request(server, "GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(ScrapeHandler.CONTENT_TYPE);
        return response.body();
    }

    /** The value of the sample whose name and labels are exactly {@code series}, or null when absent. */
    private static Double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    @Test
    void aScrapeAfterALoginAndAMessageShowsTheTraffic() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withMetrics(MetricsConfig.loopbackAnyPort()))) {
            server.addUser("alice");
            server.addUser("bob");
            XMPPTCPConnection alice = server.login("alice", "phone");
            XMPPTCPConnection bob = server.login("bob", "laptop");
            try {
                BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
                bob.addAsyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                        .to(JidCreate.entityFullFrom("bob@localhost/laptop")).setBody("hello").build());
                assertThat(inbox.poll(10, TimeUnit.SECONDS)).isNotNull();

                String scrape = scrape(server.server());
                assertThat(sample(scrape, "causse_c2s_auth_total{result=\"ok\"}")).isEqualTo(2.0);
                assertThat(sample(scrape, "causse_c2s_auth_total{result=\"failed\"}")).isEqualTo(0.0);
                assertThat(sample(scrape, "causse_stanzas_in_total{kind=\"message\"}")).isEqualTo(1.0);
                assertThat(sample(scrape, "causse_stanzas_in_total{kind=\"iq\"}")).isPositive();
                assertThat(sample(scrape, "causse_stanzas_out_total{kind=\"message\"}")).isEqualTo(1.0);
                assertThat(sample(scrape, "causse_stanzas_routed_total{outcome=\"delivered\"}")).isPositive();
                assertThat(sample(scrape, "causse_routing_latency_seconds_count")).isPositive();
                assertThat(scrape).contains("causse_routing_latency_seconds_bucket{le=\"+Inf\"}");
                assertThat(sample(scrape, "causse_connections{listener=\"c2s\",state=\"established\"}")).isEqualTo(2.0);
                assertThat(sample(scrape, "causse_connections{listener=\"c2s\",state=\"negotiating\"}")).isEqualTo(0.0);
                assertThat(sample(scrape, "causse_connections{listener=\"c2s_direct_tls\",state=\"established\"}"))
                        .isEqualTo(0.0);
                assertThat(sample(scrape, "causse_sessions")).isEqualTo(2.0);
                assertThat(sample(scrape, "causse_offline_messages_total{event=\"stored\"}")).isEqualTo(0.0);
                assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "jvm_gc_",
                        "jvm_classes_loaded_classes ", "process_uptime_seconds ", "process_files_open_files ",
                        "system_cpu_count ");
            } finally {
                alice.disconnect();
                bob.disconnect();
            }
            // the gauges follow the connections down
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String scrape = scrape(server.server());
                assertThat(sample(scrape, "causse_connections{listener=\"c2s\",state=\"established\"}")).isEqualTo(0.0);
                assertThat(sample(scrape, "causse_sessions")).isEqualTo(0.0);
            });
        }
    }

    @Test
    void offlineMessagesAreCountedStoredThenDelivered() throws Exception {
        try (TestServer server = TestServer.start(dataDir, c -> c.withMetrics(MetricsConfig.loopbackAnyPort()))) {
            server.addUser("alice");
            server.addUser("carol");
            XMPPTCPConnection alice = server.login("alice", "phone");
            try {
                for (int i = 0; i < 3; i++) {
                    alice.sendStanza(alice.getStanzaFactory().buildMessageStanza()
                            .to(JidCreate.entityBareFrom("carol@localhost")).setBody("while you were out " + i).build());
                }
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        sample(scrape(server.server()), "causse_offline_messages_total{event=\"stored\"}") == 3.0);
                assertThat(sample(scrape(server.server()), "causse_stanzas_routed_total{outcome=\"offline\"}"))
                        .isEqualTo(3.0);

                XMPPTCPConnection carol = server.login("carol", "desk");   // Smack sends presence and answers the ping
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            sample(scrape(server.server()), "causse_offline_messages_total{event=\"delivered\"}") == 3.0);
                } finally {
                    carol.disconnect();
                }
            } finally {
                alice.disconnect();
            }
        }
    }

    @Test
    void anotherPathIs404AndAnotherMethod405() throws Exception {
        try (TestServer server = TestServer.start(dataDir,
                c -> c.withMetrics(new MetricsConfig(true, "127.0.0.1", 0, "/prom")))) {
            assertThat(request(server.server(), "GET", "/metrics").statusCode()).isEqualTo(404);
            assertThat(request(server.server(), "GET", "/").statusCode()).isEqualTo(404);
            HttpResponse<String> post = request(server.server(), "POST", "/prom");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).hasValue("GET");
            assertThat(request(server.server(), "GET", "/prom").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void disabledOpensNoPortEvenWhereOneIsConfigured() throws Exception {
        // The port is held here: a server that tried to bind it would fail to start.
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TestServer server = TestServer.start(dataDir,
                     c -> c.withMetrics(new MetricsConfig(false, "127.0.0.1", held.getLocalPort(), "/metrics")))) {
            assertThatThrownBy(() -> server.server().metricsPort()).isInstanceOf(IllegalStateException.class);
            // the meters still count, for whoever reads the registry
            assertThat(server.server().metrics().find("causse.c2s.auth").counters()).hasSize(2);
        }
    }

    @Test
    void aPortAlreadyInUseStopsStartUpAndReleasesTheDataDirectory() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestServer.start(dataDir,
                    c -> c.withMetrics(new MetricsConfig(true, "127.0.0.1", held.getLocalPort(), "/metrics"))))
                    .isInstanceOf(java.net.BindException.class);
        }
        // the failed start left nothing locked: the same data directory starts again
        try (TestServer server = TestServer.start(dataDir, c -> c.withMetrics(MetricsConfig.loopbackAnyPort()))) {
            assertThat(server.server().metricsPort()).isPositive();
        }
    }
}
