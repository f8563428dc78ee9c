package causse.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters and latency recorders of one run, written by the event loops and read by the
 * once-a-second progress task. Latencies are in microseconds.
 */
public final class RunStats {
    /** Distinct failure reasons kept for the report; beyond that only the count grows. */
    private static final int MAX_REASONS = 20;

    public final AtomicInteger online = new AtomicInteger();
    public final LongAdder logins = new LongAdder();
    public final LongAdder failures = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder received = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder misrouted = new LongAdder();
    public final Recorder loginLatency = new Recorder(3);
    public final Recorder messageLatency = new Recorder(3);
    public final Histogram loginTotal = new Histogram(3);
    public final Histogram messageTotal = new Histogram(3);
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

    public void fail(String reason) {
        failures.increment();
        // Reasons carry user names; strip digits so one reason counts all users.
        String key = reason.replaceAll("\\d+", "N");
        if (reasons.size() < MAX_REASONS || reasons.containsKey(key)) {
            reasons.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    public Map<String, Long> failureReasons() {
        Map<String, Long> out = new java.util.TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
