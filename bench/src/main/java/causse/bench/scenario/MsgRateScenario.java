package causse.bench.scenario;

import causse.bench.BenchOptions;
import causse.bench.ServerProbe;
import causse.bench.client.Fleet;
import causse.bench.client.XmppClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logs the users in, then has random online users send chat messages to random other online users
 * at the target rate for the duration, then waits for the messages in flight and counts the lost.
 * With rate 0 it sends as fast as messages come back, keeping a bounded number in flight.
 */
public final class MsgRateScenario extends Scenario {
    public MsgRateScenario(BenchOptions options, ServerProbe probe, PrintStream progress) {
        super(options, probe, progress);
    }

    @Override
    protected void execute(Fleet fleet, Map<String, Object> result) {
        int reached = loginAll(fleet, options.first(), options.users(), 120_000_000_000L);
        List<XmppClient> senders = new ArrayList<>(online.values());
        result.put("sessions", reached);
        if (senders.size() < 2) {
            result.put("error", "fewer than two users online");
            return;
        }
        double cpu0 = probe.cpuSeconds();
        long t0 = System.nanoTime();
        measureFromNanos = t0 + options.warmup().toNanos();
        warmingUp = !options.warmup().isZero();
        sendAtRate(senders, t0, t0 + options.duration().toNanos());
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        awaitCondition(() -> stats.received.sum() >= stats.sent.sum(), System.nanoTime() + options.drain().toNanos());
        double cpu1 = probe.cpuSeconds();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long received = stats.received.sum();
        result.put("target_rate", options.rate());
        result.put("warmup_seconds", options.warmup().toMillis() / 1000.0);
        result.put("send_seconds", sendSeconds);
        putDeliveryCounts(result);
        result.put("delivered_per_second", received / sendSeconds);
        result.put("wall_seconds_with_drain", seconds);
        if (cpu0 >= 0 && cpu1 >= 0) {
            double cpu = cpu1 - cpu0;
            result.put("server_cpu_seconds", cpu);
            result.put("server_cpu_share_of_one_core", cpu / seconds);
            result.put("messages_per_server_cpu_second", cpu > 0 ? received / cpu : 0.0);
        }
    }
}
