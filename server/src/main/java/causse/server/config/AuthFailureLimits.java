package causse.server.config;

import java.time.Duration;

/**
 * How failed authentications are throttled (see {@code AuthThrottle}).
 *
 * @param freeFailures failures in the window answered at once, per address and per account
 * @param maxDelay     the longest a further failure is held back (the delay doubles from one second)
 * @param lockAfter    failures from one address in the window that lock it out
 * @param window       how long a failure counts
 * @param lockFor      how long a locked-out address stays locked
 */
public record AuthFailureLimits(int freeFailures, Duration maxDelay, int lockAfter, Duration window,
                                Duration lockFor) {
    public static final AuthFailureLimits DEFAULTS = new AuthFailureLimits(3, Duration.ofSeconds(30), 20,
            Duration.ofMinutes(10), Duration.ofMinutes(10));

    public AuthFailureLimits {
        if (freeFailures < 0 || lockAfter <= 0 || maxDelay.isNegative() || window.isZero() || window.isNegative()
                || lockFor.isNegative()) {
            throw new IllegalArgumentException("authentication failure limits out of range");
        }
    }
}
