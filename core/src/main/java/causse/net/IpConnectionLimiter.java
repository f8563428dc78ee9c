package causse.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many client connections each address has open and how fast it opens new ones: at most
 * {@code perIp} at once, and new ones from a bucket of {@code ratePerSecond} tokens refilled continuously.
 * An address with no open connection and a full bucket is forgotten, so the table holds only addresses
 * that are connected or were recently. Shared by every client listener; called from event loops, so each
 * call holds the lock for a map lookup only.
 */
public final class IpConnectionLimiter {
    /** Why a connection was refused; {@link #ACCEPTED} when it was not. */
    public enum Verdict { ACCEPTED, TOO_MANY, TOO_FAST }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int perIp;
    private final int ratePerSecond;
    private final boolean exemptLoopback;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Entry> entries = new HashMap<>();

    private static final class Entry {
        int open;
        double tokens;
        long refilledAt;
    }

    public IpConnectionLimiter(int perIp, int ratePerSecond, boolean exemptLoopback, LongSupplier nanoTime) {
        this.perIp = perIp;
        this.ratePerSecond = ratePerSecond;
        this.exemptLoopback = exemptLoopback;
        this.nanoTime = nanoTime;
    }

    /** Counts a new connection from {@code address} when the limits let it in. */
    public Verdict acquire(InetAddress address) {
        if (exempt(address)) {
            return Verdict.ACCEPTED;
        }
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            Entry e = entries.get(address);
            if (e == null) {
                e = new Entry();
                e.tokens = ratePerSecond;
                e.refilledAt = now;
                entries.put(address, e);
            }
            refill(e, now);
            if (e.open >= perIp) {
                return Verdict.TOO_MANY;
            }
            if (e.tokens < 1) {
                return Verdict.TOO_FAST;
            }
            e.tokens -= 1;
            e.open++;
            return Verdict.ACCEPTED;
        }
    }

    /** A connection that {@link #acquire} accepted has closed. */
    public void release(InetAddress address) {
        if (exempt(address)) {
            return;
        }
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            Entry e = entries.get(address);
            if (e == null) {
                return;
            }
            e.open--;
            forgetIfIdle(address, e, now);
        }
    }

    /** Addresses remembered now (for tests and a gauge). */
    public int tracked() {
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            entries.entrySet().removeIf(en -> {
                refill(en.getValue(), now);
                return en.getValue().open <= 0 && en.getValue().tokens >= ratePerSecond;
            });
            return entries.size();
        }
    }

    private boolean exempt(InetAddress address) {
        return exemptLoopback && address.isLoopbackAddress();
    }

    private void refill(Entry e, long now) {
        double elapsed = (now - e.refilledAt) / (double) NANOS_PER_SECOND;
        e.tokens = Math.min(ratePerSecond, e.tokens + elapsed * ratePerSecond);
        e.refilledAt = now;
    }

    private void forgetIfIdle(InetAddress address, Entry e, long now) {
        refill(e, now);
        if (e.open <= 0 && e.tokens >= ratePerSecond) {
            entries.remove(address);
        }
    }
}
