package causse.server.config;

import causse.net.ShaperLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection and per-address limits. The bounds below apply to the configuration file; code (tests) may
 * build tighter values, such as a sub-second timeout, directly.
 *
 * @param connectionsPerIp    client connections open at once from one address, all c2s listeners together
 * @param connectionRatePerIp new client connections one address may open per second (a bucket of that size)
 * @param exemptLoopback      loopback addresses are not limited (local bots, load generators)
 * @param maxResourcesPerAccount sessions one account may have bound at once
 * @param authFailures        how failed authentications are slowed down and locked out
 * @param idleTimeout         silence from a bound client after which the server pings it; zero: never
 * @param pingTimeout         how long that ping may go unanswered before the stream ends
 * @param maxOutboundQueue    bytes written to a client but not yet taken by it, past which its session ends
 * @param slowReaderTimeout   how long a client's connection may stay unwritable (it does not read) before
 *                            its session ends
 * @param shaper              how fast each client may send
 */
public record LimitsConfig(int maxStanzaSize, Duration unauthenticatedTimeout, int connectionsPerIp,
                           int connectionRatePerIp, boolean exemptLoopback, int maxResourcesPerAccount,
                           AuthFailureLimits authFailures, Duration idleTimeout, Duration pingTimeout,
                           long maxOutboundQueue, Duration slowReaderTimeout, ShaperLimits shaper) {
    public static final int DEFAULT_CONNECTIONS_PER_IP = 1000;
    public static final int DEFAULT_CONNECTION_RATE_PER_IP = 100;
    public static final int DEFAULT_MAX_RESOURCES_PER_ACCOUNT = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_OUTBOUND_QUEUE = 64L * 1024 * 1024;
    public static final Duration DEFAULT_SLOW_READER_TIMEOUT = Duration.ofSeconds(30);
    public static final int MIN_STANZA_SIZE = 1024;
    public static final int MAX_STANZA_SIZE = 16 * 1024 * 1024;
    public static final Duration MIN_UNAUTHENTICATED_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_UNAUTHENTICATED_TIMEOUT = Duration.ofDays(1);

    public LimitsConfig {
        Objects.requireNonNull(unauthenticatedTimeout, "unauthenticatedTimeout");
        Objects.requireNonNull(authFailures, "authFailures");
        Objects.requireNonNull(shaper, "shaper");
        if (idleTimeout.isNegative() || pingTimeout.isZero() || pingTimeout.isNegative() || maxOutboundQueue <= 0
                || slowReaderTimeout.isNegative()) {
            throw new IllegalArgumentException("idle and ping timeouts out of range");
        }
        if (maxStanzaSize <= 0 || unauthenticatedTimeout.isNegative() || unauthenticatedTimeout.isZero()
                || connectionsPerIp <= 0 || connectionRatePerIp <= 0 || maxResourcesPerAccount <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** These two limits, and the per-address ones at their defaults. */
    public LimitsConfig(int maxStanzaSize, Duration unauthenticatedTimeout) {
        this(maxStanzaSize, unauthenticatedTimeout, DEFAULT_CONNECTIONS_PER_IP, DEFAULT_CONNECTION_RATE_PER_IP, true,
                DEFAULT_MAX_RESOURCES_PER_ACCOUNT, AuthFailureLimits.DEFAULTS, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_PING_TIMEOUT, DEFAULT_MAX_OUTBOUND_QUEUE, DEFAULT_SLOW_READER_TIMEOUT, ShaperLimits.DEFAULTS);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(256 * 1024, Duration.ofMinutes(5));
    }

    /** These limits with another traffic shaping. */
    public LimitsConfig withShaper(ShaperLimits newShaper) {
        return new LimitsConfig(maxStanzaSize, unauthenticatedTimeout, connectionsPerIp, connectionRatePerIp,
                exemptLoopback, maxResourcesPerAccount, authFailures, idleTimeout, pingTimeout, maxOutboundQueue,
                slowReaderTimeout, newShaper);
    }
}
