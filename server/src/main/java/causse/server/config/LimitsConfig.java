package causse.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection limits. The bounds below apply to the configuration file; code (tests) may build tighter
 * values, such as a sub-second timeout, directly.
 */
public record LimitsConfig(int maxStanzaSize, Duration unauthenticatedTimeout) {
    public static final int MIN_STANZA_SIZE = 1024;
    public static final int MAX_STANZA_SIZE = 16 * 1024 * 1024;
    public static final Duration MIN_UNAUTHENTICATED_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_UNAUTHENTICATED_TIMEOUT = Duration.ofDays(1);

    public LimitsConfig {
        Objects.requireNonNull(unauthenticatedTimeout, "unauthenticatedTimeout");
        if (maxStanzaSize <= 0 || unauthenticatedTimeout.isNegative() || unauthenticatedTimeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(256 * 1024, Duration.ofMinutes(5));
    }
}
