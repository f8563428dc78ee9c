package causse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench/run <scenario> [options]}: the load generator's command line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "XMPP load generator: connections, msgrate, offline. Targets any server on loopback.")
public final class Main implements Callable<Integer> {
    @Parameters(index = "0", description = "connections | msgrate | offline | pubsub | soak")
    String scenario;
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "5222") int port;
    @Option(names = "--domain", defaultValue = "localhost") String domain;
    @Option(names = "--users", defaultValue = "100") int users;
    @Option(names = "--password", defaultValue = "secret") String password;
    @Option(names = "--user-prefix", defaultValue = "user") String userPrefix;
    @Option(names = "--first", defaultValue = "1", description = "number of the first account") int first;
    @Option(names = "--tls", defaultValue = "none", description = "none | starttls") String tls;
    @Option(names = "--insecure", description = "trust any server certificate (self-signed test certificates)") boolean insecure;
    @Option(names = "--sasl", defaultValue = "PLAIN", description = "PLAIN | SCRAM-SHA-1 | SCRAM-SHA-256") String sasl;
    @Option(names = "--ramp-rate", defaultValue = "500", description = "logins started per second") int rampRate;
    @Option(names = "--duration", defaultValue = "60s", description = "e.g. 30s, 2m") String duration;
    @Option(names = "--rate", defaultValue = "2000", description = "msgrate: messages/s, 0 = open loop") int rate;
    @Option(names = "--messages", defaultValue = "1000", description = "offline: messages to store") int messages;
    @Option(names = "--warmup", defaultValue = "0s",
            description = "msgrate: send for this long before measuring latency (messages still count for loss)")
    String warmup;
    @Option(names = "--drain", defaultValue = "10s", description = "wait for messages in flight after sending") String drain;
    @Option(names = "--register", description = "create the accounts by in-band registration first") boolean register;
    @Option(names = "--server-pid", defaultValue = "0", description = "sample this local process's CPU and RSS") long serverPid;
    @Option(names = "--threads", description = "event loops (default: one per core)") Integer threads;
    @Option(names = "--json", description = "write the JSON result here") Path json;
    @Option(names = "--html", description = "write the HTML report here") Path html;

    @Override
    public Integer call() throws Exception {
        BenchOptions o = new BenchOptions(scenario, host, port, domain, users, password, userPrefix, first, tls, sasl,
                rampRate, parseDuration(duration), rate, messages, parseDuration(drain), parseDuration(warmup), register, insecure, serverPid,
                threads != null ? threads : Runtime.getRuntime().availableProcessors());
        Map<String, Object> result = Bench.run(o, System.err, json, html);
        System.out.print(causse.bench.report.Json.write(withoutSeries(result)));
        Object lost = result.get("lost");
        Object dup = result.get("duplicated");
        boolean bad = (lost instanceof Long l && l != 0) || (dup instanceof Long d && d != 0) || result.containsKey("error");
        return bad ? 2 : 0;
    }

    private static Map<String, Object> withoutSeries(Map<String, Object> r) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(r);
        copy.remove("series");
        return copy;
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.replaceAll("[smh]$", ""));
        return t.endsWith("m") ? Duration.ofMinutes(n) : t.endsWith("h") ? Duration.ofHours(n) : Duration.ofSeconds(n);
    }

    public static void main(String[] args) {
        // No SLF4J binding ships with the bench (core logs through slf4j-api): name the no-op provider so
        // SLF4J does not print its three-line warning at the top of every run.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
