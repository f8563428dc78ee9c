package causse.server.c2s;

import causse.server.config.AuthFailureLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed authentications per client address and per account, over a sliding window. Past a few free
 * failures, each further {@code <failure/>} is answered later and later (doubling, up to a ceiling), so a
 * password guesser gets few tries per minute; past many failures from one address, that address is locked
 * out for a while and its attempts are refused without spending a key derivation on them. Accounts are never
 * locked, only slowed: a lock would let anyone lock a user out. Shared by every client listener; each call
 * holds the lock for a map lookup.
 */
public final class AuthThrottle {
    private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);
    /** Entries kept at most, per kind; the oldest go first (an attacker's many addresses cannot grow it). */
    private static final int MAX_ENTRIES = 100_000;

    private final AuthFailureLimits policy;
    private final boolean exemptLoopback;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Failures> byAddress = new LinkedHashMap<>();
    private final Map<String, Failures> byAccount = new LinkedHashMap<>();

    /** The times of recent failures, oldest first, and the end of a lock. */
    private static final class Failures {
        final Deque<Long> times = new ArrayDeque<>();
        long lockedUntil;
    }

    public AuthThrottle(AuthFailureLimits policy, boolean exemptLoopback, LongSupplier nanoTime) {
        this.policy = policy;
        this.exemptLoopback = exemptLoopback;
        this.nanoTime = nanoTime;
    }

    /** True while {@code address} is locked out: its attempts are refused unevaluated. */
    public synchronized boolean locked(InetAddress address) {
        if (exempt(address)) {
            return false;
        }
        Failures f = byAddress.get(address);
        return f != null && f.lockedUntil - nanoTime.getAsLong() > 0;
    }

    /**
     * Counts a failed authentication ({@code account} may be null when the mechanism did not get that far) and
     * returns how long to hold its {@code <failure/>} back.
     */
    public synchronized Duration failed(InetAddress address, String account) {
        if (exempt(address)) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        int fromAddress = count(byAddress, address, now);
        Failures f = byAddress.get(address);
        if (fromAddress >= policy.lockAfter() && f.lockedUntil - now <= 0) {
            f.lockedUntil = now + policy.lockFor().toNanos();
            log.warn("Authentication locked for {} for {} after {} failures in {}", address.getHostAddress(),
                    policy.lockFor(), fromAddress, policy.window());
        }
        int forAccount = account == null ? 0 : count(byAccount, account, now);
        if (forAccount == policy.freeFailures() + 1) {
            log.info("Repeated failed authentications for {} (the last from {}): now slowed down", account,
                    address.getHostAddress());
        }
        return delay(Math.max(fromAddress, forAccount));
    }

    /** A successful login clears its account's failures (not its address's: one good password proves little). */
    public synchronized void succeeded(String account) {
        byAccount.remove(account);
    }

    private <K> int count(Map<K, Failures> map, K key, long now) {
        Failures f = map.remove(key);   // re-inserted last: the map's order is least recently failed first
        if (f == null) {
            f = new Failures();
        }
        long horizon = now - policy.window().toNanos();
        for (Iterator<Long> it = f.times.iterator(); it.hasNext() && it.next() - horizon < 0; ) {
            it.remove();
        }
        f.times.addLast(now);
        map.put(key, f);
        if (map.size() > MAX_ENTRIES) {
            map.remove(map.keySet().iterator().next());
        }
        return f.times.size();
    }

    private Duration delay(int failures) {
        int over = failures - policy.freeFailures();
        if (over <= 0) {
            return Duration.ZERO;
        }
        long seconds = 1L << Math.min(over - 1, 30);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : d;
    }

    private boolean exempt(InetAddress address) {
        return exemptLoopback && address.isLoopbackAddress();
    }
}
