package causse.bench.scenario;

import causse.bench.BenchOptions;
import causse.bench.RunStats;
import causse.bench.SeenSet;
import causse.bench.ServerProbe;
import causse.bench.client.ClientEvents;
import causse.bench.client.Fleet;
import causse.bench.client.XmppClient;
import causse.bench.report.Sample;
import causse.xml.XmlElement;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * What every scenario shares: logging users in at the ramp rate, the once-a-second sample and
 * progress line, message bodies that carry a run token, a sequence number and a send time, and the
 * duplicate check on receipt. A subclass drives its phases in {@link #execute}.
 */
public abstract class Scenario implements ClientEvents {
    /** In open loop, at most this many messages per online user may be unanswered. */
    private static final int IN_FLIGHT_PER_USER = 2;
    protected final BenchOptions options;
    protected final RunStats stats = new RunStats();
    protected final ServerProbe probe;
    protected final Map<Integer, XmppClient> online = new ConcurrentHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final SeenSet seen = new SeenSet();
    /** Tells this run's messages from ones a server kept from an earlier run (offline storage). */
    private final String runToken = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private final PrintStream progress;
    private final long startNanos = System.nanoTime();
    private long lastSent;
    private long lastReceived;
    private long lastLogins;
    private long peakRssKib = -1;
    protected volatile boolean stopping;
    /** Messages sent before this System.nanoTime() (the warm-up) count for loss but not for latency. */
    protected volatile long measureFromNanos;
    protected volatile boolean warmingUp;
    private final java.util.concurrent.atomic.AtomicLong nextSeq = new java.util.concurrent.atomic.AtomicLong();

    protected Scenario(BenchOptions options, ServerProbe probe, PrintStream progress) {
        this.options = options;
        this.probe = probe;
        this.progress = progress;
    }

    /** Runs the phases; adds scenario-specific figures to {@code result}. */
    protected abstract void execute(Fleet fleet, Map<String, Object> result);

    public final List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    public final Histogram messageLatency() {
        return stats.messageTotal;
    }

    public final Histogram loginLatency() {
        return stats.loginTotal;
    }

    /** Called once a second by the runner. */
    public final void tick() {
        Histogram logins = stats.loginLatency.getIntervalHistogram();
        Histogram messages = stats.messageLatency.getIntervalHistogram();
        long sent = stats.sent.sum();
        long received = stats.received.sum();
        long loginCount = stats.logins.sum();
        Sample s;
        synchronized (samples) {
            stats.loginTotal.add(logins);
            stats.messageTotal.add(messages);
            s = new Sample(elapsedSeconds(), stats.online.get(), loginCount - lastLogins, sent - lastSent,
                    received - lastReceived, messages.getValueAtPercentile(50), messages.getValueAtPercentile(99),
                    stats.failures.sum());
            samples.add(s);
        }
        lastSent = sent;
        lastReceived = received;
        lastLogins = loginCount;
        long rss = probe.rssKib();
        peakRssKib = Math.max(peakRssKib, rss);
        progress.printf("[%s %5.0fs] sessions %d  logins/s %d  sent/s %d  recv/s %d  p50 %.1f ms  p99 %.1f ms  "
                        + "errors %d%s%n", options.scenario(), s.t(), s.sessions(), s.loginsPerSec(), s.sentPerSec(),
                s.receivedPerSec(), s.latencyP50() / 1000.0, s.latencyP99() / 1000.0, s.failures(),
                rss > 0 ? "  server RSS " + rss / 1024 + " MiB" : "");
    }

    public final Map<String, Object> run(Fleet fleet) {
        Map<String, Object> result = new LinkedHashMap<>();
        execute(fleet, result);
        stopping = true;
        return result;
    }

    public final long peakRssKib() {
        return peakRssKib;
    }

    public final RunStats stats() {
        return stats;
    }

    protected final double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Starts logins for users {@code first..first+count-1} at the ramp rate and waits until each has
     * succeeded or failed, or {@code timeoutNanos} has passed since the last one started. Returns how many are
     * online.
     */
    protected final int loginAll(Fleet fleet, int first, int count, long timeoutNanos) {
        int before = stats.online.get();
        long before2 = stats.failures.sum();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pace(t0, i, options.rampRate());
            fleet.connect(first + i);
        }
        // From the last start, not the first: a ramp longer than the timeout must still wait for its last logins.
        awaitCondition(() -> stats.online.get() - before + stats.failures.sum() - before2 >= count,
                System.nanoTime() + timeoutNanos);
        return stats.online.get() - before;
    }

    /** Waits until the {@code i}th of a series paced at {@code perSecond} is due. */
    protected static void pace(long t0, long i, double perSecond) {
        long due = t0 + (long) (i * 1e9 / perSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Polls {@code done} every 10 ms until it holds or the deadline passes; true if it held. */
    protected static boolean awaitCondition(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return true;
    }

    /**
     * Has random senders message random other senders from {@code t0} until {@code endNanos}: at the target rate,
     * or with rate 0 as fast as messages come back (at most {@link #IN_FLIGHT_PER_USER} per sender unanswered).
     */
    protected final void sendAtRate(List<XmppClient> senders, long t0, long endNanos) {
        long sentBefore = stats.sent.sum();
        long maxInFlight = (long) senders.size() * IN_FLIGHT_PER_USER;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now;
        while ((now = System.nanoTime()) - endNanos < 0) {
            long due = options.rate() > 0
                    ? (long) ((now - t0) / 1e9 * options.rate()) - (stats.sent.sum() - sentBefore)
                    : maxInFlight - (stats.sent.sum() - stats.received.sum());
            for (long i = 0; i < due; i++) {
                XmppClient from = senders.get(random.nextInt(senders.size()));
                XmppClient to = senders.get(random.nextInt(senders.size()));
                if (to == from) {
                    to = senders.get((senders.indexOf(from) + 1) % senders.size());
                }
                sendMessage(from, to.index());
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** The message counts every scenario reports: sent, delivered, lost (sent − delivered), duplicated, misrouted. */
    protected final void putDeliveryCounts(Map<String, Object> result) {
        long sent = stats.sent.sum();
        long received = stats.received.sum();
        result.put("sent", sent);
        result.put("delivered", received);
        result.put("lost", sent - received);
        result.put("duplicated", stats.duplicates.sum());
        result.put("misrouted", stats.misrouted.sum());
    }

    /** Sends one timestamped chat message from {@code from} to user {@code to}. */
    protected final void sendMessage(XmppClient from, int to) {
        long seq = nextSeq.getAndIncrement();
        String xml = "<message to='" + options.userPrefix() + to + "@" + options.domain() + "' type='chat' id='m"
                + seq + "'><body>" + runToken + " " + seq + " " + System.nanoTime() + " " + to + "</body></message>";
        stats.sent.increment();
        from.send(xml);
    }

    @Override
    public void online(XmppClient client) {
        online.put(client.index(), client);
        stats.online.incrementAndGet();
        stats.logins.increment();
        stats.loginLatency.recordValue(client.loginNanos() / 1000);
    }

    @Override
    public void failed(XmppClient client, String reason) {
        if (online.remove(client.index(), client)) {
            stats.online.decrementAndGet();
        }
        if (!stopping) {
            stats.fail(reason);
        }
    }

    @Override
    public void message(XmppClient client, XmlElement message, long receivedNanos) {
        if ("error".equals(message.attribute("type"))) {
            stats.fail("message bounced: " + message.firstElement());
            return;
        }
        String body = message.childText("body", "jabber:client");
        String[] parts = body == null ? new String[0] : body.split(" ");
        if (parts.length != 4 || !parts[0].equals(runToken)) {
            return;
        }
        long seq = Long.parseLong(parts[1]);
        if (Integer.parseInt(parts[3]) != client.index()) {
            stats.misrouted.increment();
        }
        if (!seen.add(seq)) {
            stats.duplicates.increment();
            return;
        }
        stats.received.increment();
        long sentNanos = Long.parseLong(parts[2]);
        if (!warmingUp || sentNanos - measureFromNanos >= 0) {
            stats.messageLatency.recordValue(Math.max(0, (receivedNanos - sentNanos) / 1000));
        }
    }
}
