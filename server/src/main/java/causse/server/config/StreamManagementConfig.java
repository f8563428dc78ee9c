package causse.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Stream management for clients (XEP-0198): acknowledgements, and resumption of a stream that broke.
 *
 * @param enabled       the {@code <sm/>} feature is offered after authentication
 * @param resumeTimeout how long a session whose connection broke is kept for the client to resume it; its
 *                      stanzas wait meanwhile, then go where stanzas for an unavailable resource go. Zero:
 *                      acknowledgements only, no resumption
 * @param maxUnacked    stanzas sent to a client and not yet acknowledged (or waiting for it to resume) past which
 *                      its session ends and they are delivered elsewhere
 */
public record StreamManagementConfig(boolean enabled, Duration resumeTimeout, int maxUnacked) {
    public static final Duration DEFAULT_RESUME_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_RESUME_TIMEOUT = Duration.ofDays(1);
    public static final int DEFAULT_MAX_UNACKED = 5000;

    public StreamManagementConfig {
        Objects.requireNonNull(resumeTimeout, "resumeTimeout");
        if (resumeTimeout.isNegative() || resumeTimeout.compareTo(MAX_RESUME_TIMEOUT) > 0 || maxUnacked < 1) {
            throw new IllegalArgumentException("resume timeout or unacknowledged stanzas out of range");
        }
    }

    public static StreamManagementConfig defaults() {
        return new StreamManagementConfig(true, DEFAULT_RESUME_TIMEOUT, DEFAULT_MAX_UNACKED);
    }

    public boolean resumable() {
        return enabled && !resumeTimeout.isZero();
    }
}
