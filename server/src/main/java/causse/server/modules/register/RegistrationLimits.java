package causse.server.modules.register;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Registrations per client address in a rolling hour, kept in memory: a restart forgets them, which only
 * matters to an attacker able to restart the server. A slot is reserved before the account is created and
 * released when creation fails, so concurrent attempts cannot overshoot the limit.
 */
final class RegistrationLimits {
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int MAX_TRACKED = 10_000;

    private final int perHour;
    private final boolean exemptLoopback;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> recent = new HashMap<>();

    RegistrationLimits(int perHour, boolean exemptLoopback, Clock clock) {
        this.perHour = perHour;
        this.exemptLoopback = exemptLoopback;
        this.clock = clock;
    }

    /** Takes a slot for this address; false when its hour is full. A null address (unknown) counts as one address. */
    synchronized boolean reserve(InetAddress peer) {
        if (exempt(peer)) {
            return true;
        }
        Instant now = clock.instant();
        if (recent.size() > MAX_TRACKED) {
            // many addresses: forget those whose hour is over, so the map cannot grow without bound
            recent.values().removeIf(t -> t.isEmpty() || !t.peekLast().isAfter(now.minus(WINDOW)));
        }
        Deque<Instant> times = recent.computeIfAbsent(peer, p -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
            times.pollFirst();
        }
        if (times.size() >= perHour) {
            if (times.isEmpty()) {
                recent.remove(peer);
            }
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** Gives back the slot of an attempt that created no account. */
    synchronized void release(InetAddress peer) {
        if (exempt(peer)) {
            return;
        }
        Deque<Instant> times = recent.get(peer);
        if (times != null) {
            times.pollLast();
            if (times.isEmpty()) {
                recent.remove(peer);
            }
        }
    }

    private boolean exempt(InetAddress peer) {
        return exemptLoopback && peer != null && peer.isLoopbackAddress();
    }
}
