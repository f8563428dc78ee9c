package causse.bench.scenario;

import causse.bench.BenchOptions;
import causse.bench.ServerProbe;
import causse.bench.client.Fleet;
import causse.bench.client.XmppClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ordinary traffic for a long time, to see what grows: the first half of the users stay online and message each
 * other at the target rate (every message counted: lost and duplicated must stay zero), while the other half log
 * in, stay a second and leave, over and over, one in two by closing its stream and the other by dropping its TCP
 * connection. The server's RSS and open files are sampled before the users arrive and after they have all left.
 */
public final class SoakScenario extends Scenario {
    private static final long REJOIN_DELAY_MS = 1000;

    private final Set<Integer> leaving = ConcurrentHashMap.newKeySet();
    private final AtomicLong cycles = new AtomicLong();
    private volatile Fleet fleet;
    private volatile boolean churning;
    private volatile int firstChurner = Integer.MAX_VALUE;

    public SoakScenario(BenchOptions options, ServerProbe probe, PrintStream progress) {
        super(options, probe, progress);
    }

    @Override
    protected void execute(Fleet fleet, Map<String, Object> result) {
        this.fleet = fleet;
        long rss0 = probe.rssKib();
        long files0 = probe.openFiles();
        int stable = Math.max(2, options.users() / 2);
        int reached = loginAll(fleet, options.first(), stable, 120_000_000_000L);
        List<XmppClient> senders = new ArrayList<>(online.values());
        result.put("sessions", reached);
        if (senders.size() < 2) {
            result.put("error", "fewer than two users online");
            return;
        }
        firstChurner = options.first() + stable;
        churning = true;
        long t0 = System.nanoTime();
        for (int i = firstChurner; i < options.first() + options.users(); i++) {
            pace(t0, i - firstChurner, options.rampRate());
            fleet.connect(i);
        }
        sendAtRate(senders, t0, t0 + options.duration().toNanos());
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        churning = false;
        awaitCondition(() -> stats.received.sum() >= stats.sent.sum(), System.nanoTime() + options.drain().toNanos());
        long rssLoaded = probe.rssKib();
        long filesLoaded = probe.openFiles();
        // Everyone leaves; the server should come back to what it held before the users arrived.
        online.values().forEach(c -> {
            leaving.add(c.index());
            c.channel().close();
        });
        awaitCondition(() -> stats.online.get() == 0, System.nanoTime() + options.drain().toNanos());
        awaitCondition(() -> files0 < 0 || probe.openFiles() <= files0, System.nanoTime() + options.drain().toNanos());
        result.put("send_seconds", sendSeconds);
        putDeliveryCounts(result);
        result.put("churn_cycles", cycles.get());
        result.put("server_rss_kib_before", rss0);
        result.put("server_rss_kib_loaded", rssLoaded);
        result.put("server_rss_kib_after", probe.rssKib());
        result.put("server_open_files_before", files0);
        result.put("server_open_files_loaded", filesLoaded);
        result.put("server_open_files_after", probe.openFiles());
    }

    @Override
    public void online(XmppClient client) {
        super.online(client);
        if (client.index() >= firstChurner && churning) {
            leaving.add(client.index());
            if (cycles.get() % 2 == 0) {
                client.send("<presence type='unavailable'/></stream:stream>");
            } else {
                client.channel().close();
            }
        }
    }

    @Override
    public void failed(XmppClient client, String reason) {
        if (!leaving.remove(client.index())) {
            super.failed(client, reason);
            return;
        }
        if (online.remove(client.index(), client)) {
            stats.online.decrementAndGet();
        }
        if (churning) {
            cycles.incrementAndGet();
            client.channel().eventLoop().schedule(() -> {
                if (churning) {
                    fleet.connect(client.index());
                }
            }, REJOIN_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }
}
