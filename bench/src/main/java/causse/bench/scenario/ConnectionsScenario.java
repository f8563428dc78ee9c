package causse.bench.scenario;

import causse.bench.BenchOptions;
import causse.bench.ServerProbe;
import causse.bench.client.Fleet;
import java.io.PrintStream;
import java.util.Map;

/** Ramps up the users (authenticated, with presence), holds them until the duration ends, counts who is still there. */
public final class ConnectionsScenario extends Scenario {
    public ConnectionsScenario(BenchOptions options, ServerProbe probe, PrintStream progress) {
        super(options, probe, progress);
    }

    @Override
    protected void execute(Fleet fleet, Map<String, Object> result) {
        long rssBefore = probe.rssKib();
        double cpu0 = probe.cpuSeconds();
        long t0 = System.nanoTime();
        long end = t0 + options.duration().toNanos();
        int reached = loginAll(fleet, options.first(), options.users(), Math.max(options.duration().toNanos(), 60_000_000_000L));
        double rampSeconds = (System.nanoTime() - t0) / 1e9;
        double rampCpu = probe.cpuSeconds() - cpu0;
        awaitCondition(() -> false, end);
        int held = stats.online.get();
        long rssAfter = probe.rssKib();
        result.put("sessions_target", options.users());
        result.put("sessions_reached", reached);
        result.put("sessions_held", held);
        result.put("ramp_seconds", rampSeconds);
        result.put("logins_per_second", reached / rampSeconds);
        if (cpu0 >= 0) {
            result.put("server_cpu_seconds_during_ramp", rampCpu);
            result.put("logins_per_server_cpu_second", rampCpu > 0 ? reached / rampCpu : 0.0);
        }
        if (rssBefore > 0 && rssAfter > 0) {
            result.put("server_rss_before_kib", rssBefore);
            result.put("server_rss_after_kib", rssAfter);
            result.put("server_rss_per_session_kib", held == 0 ? 0.0 : (rssAfter - rssBefore) / (double) held);
        }
    }
}
