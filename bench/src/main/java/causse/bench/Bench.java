package causse.bench;

import causse.bench.client.ClientSettings;
import causse.bench.client.Fleet;
import causse.bench.report.HtmlReport;
import causse.bench.report.Json;
import causse.bench.report.Sample;
import causse.bench.scenario.ConnectionsScenario;
import causse.bench.scenario.MsgRateScenario;
import causse.bench.scenario.OfflineScenario;
import causse.bench.scenario.PubsubScenario;
import causse.bench.scenario.Scenario;
import causse.bench.scenario.SoakScenario;
import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Runs one scenario with the given options and writes its JSON result and HTML report. */
public final class Bench {
    /** File descriptors the process needs besides its connections: jars, stdio, epoll, headroom. */
    private static final int FD_HEADROOM = 100;

    private Bench() {
    }

    public static Map<String, Object> run(BenchOptions o, PrintStream progress, Path json, Path html)
            throws IOException {
        checkFileLimit(o.users());
        ClientSettings settings = new ClientSettings(o.host(), o.port(), o.domain(), o.userPrefix(), o.password(),
                sslContext(o), o.sasl(), o.register(), "bench");
        ServerProbe probe = new ServerProbe(o.serverPid());
        Scenario scenario = switch (o.scenario()) {
            case "connections" -> new ConnectionsScenario(o, probe, progress);
            case "msgrate" -> new MsgRateScenario(o, probe, progress);
            case "offline" -> new OfflineScenario(o, probe, progress);
            case "pubsub" -> new PubsubScenario(o, probe, progress);
            case "soak" -> new SoakScenario(o, probe, progress);
            default -> throw new IllegalArgumentException("unknown scenario " + o.scenario()
                    + " (connections, msgrate, offline, pubsub, soak)");
        };
        Instant started = Instant.now();
        Map<String, Object> figures;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        try (Fleet fleet = new Fleet(settings, scenario, o.threads())) {
            ticker.scheduleAtFixedRate(scenario::tick, 1, 1, TimeUnit.SECONDS);
            figures = scenario.run(fleet);
            ticker.shutdown();
            awaitTermination(ticker);
            scenario.tick();
        } finally {
            ticker.shutdownNow();
        }
        Map<String, Object> result = result(o, started, scenario, figures);
        if (json != null) {
            Files.writeString(json, Json.write(result));
        }
        if (html != null) {
            Files.writeString(html, HtmlReport.render("Causse bench: " + o.scenario() + " against " + o.host() + ":"
                    + o.port(), result, scenario.samples(), scenario.messageLatency()));
        }
        return result;
    }

    private static Map<String, Object> result(BenchOptions o, Instant started, Scenario scenario,
                                              Map<String, Object> figures) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema", "causse-bench/1");
        r.put("scenario", o.scenario());
        r.put("started_at", started.toString());
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("host", o.host());
        opts.put("port", o.port());
        opts.put("domain", o.domain());
        opts.put("users", o.users());
        opts.put("first", o.first());
        opts.put("tls", o.tls());
        opts.put("sasl", o.sasl());
        opts.put("ramp_rate", o.rampRate());
        opts.put("duration_seconds", o.duration().toMillis() / 1000.0);
        opts.put("rate", o.rate());
        opts.put("messages", o.messages());
        opts.put("server_pid", o.serverPid());
        r.put("options", opts);
        r.putAll(figures);
        RunStats stats = scenario.stats();
        r.put("failures", stats.failures.sum());
        r.put("failure_reasons", stats.failureReasons());
        if (scenario.peakRssKib() > 0) {
            r.put("server_peak_rss_kib", scenario.peakRssKib());
        }
        r.put("login_latency_ms", percentiles(scenario.loginLatency()));
        r.put("message_latency_ms", percentiles(scenario.messageLatency()));
        List<Map<String, Object>> series = new ArrayList<>();
        for (Sample s : scenario.samples()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", s.t());
            m.put("sessions", s.sessions());
            m.put("logins", s.loginsPerSec());
            m.put("sent", s.sentPerSec());
            m.put("delivered", s.receivedPerSec());
            m.put("p50_ms", s.latencyP50() / 1000.0);
            m.put("p99_ms", s.latencyP99() / 1000.0);
            m.put("failures", s.failures());
            series.add(m);
        }
        r.put("series", series);
        return r;
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", h.getValueAtPercentile(50) / 1000.0);
        m.put("p99", h.getValueAtPercentile(99) / 1000.0);
        m.put("p999", h.getValueAtPercentile(99.9) / 1000.0);
        m.put("max", h.getMaxValue() / 1000.0);
        return m;
    }

    private static SslContext sslContext(BenchOptions o) throws IOException {
        if (!o.tls().equals("starttls")) {
            return null;
        }
        SslContextBuilder b = SslContextBuilder.forClient();
        if (o.insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        return b.build();
    }

    private static void checkFileLimit(int users) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long max = os.getMaxFileDescriptorCount();
            if (users + FD_HEADROOM > max) {
                throw new IllegalArgumentException(users + " connections need more than this process's open-file limit of "
                        + max + " (20,000 per process on these machines, and it cannot be raised): run several bench "
                        + "processes, each with its own --first and --users");
            }
        }
    }

    private static void awaitTermination(ScheduledExecutorService s) {
        try {
            s.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
