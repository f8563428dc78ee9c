package causse.server.config;

import java.util.List;

/**
 * How clients authenticate. {@code mechanisms} are offered in this order (strongest first by default);
 * {@code allowPlainWithoutTls} lets PLAIN run on an unencrypted stream, for closed networks and load generators.
 */
public record AuthConfig(List<String> mechanisms, boolean allowPlainWithoutTls, boolean legacyAuth, int scramIterations) {
    public static final List<String> SUPPORTED_MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");
    public static final int MIN_SCRAM_ITERATIONS = 4096;
    /** Far above any sensible setting; it only stops a typo from making every login take minutes. */
    public static final int MAX_SCRAM_ITERATIONS = 10_000_000;

    public AuthConfig {
        mechanisms = List.copyOf(mechanisms);
    }

    public static AuthConfig defaults() {
        return new AuthConfig(SUPPORTED_MECHANISMS, false, false, MIN_SCRAM_ITERATIONS);
    }
}
