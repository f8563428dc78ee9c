package causse.server.config;

import java.util.Objects;

/**
 * The Prometheus scrape endpoint. Off by default: a fixed HTTP port opened by every server (and every test
 * server) would collide, and metrics are for whoever runs the server to turn on. It binds loopback by
 * default because the scrape output tells anyone who reads it how busy the server is and who connects.
 * {@code port} 0 picks a free port (tests); {@code path} is where GET returns the scrape.
 */
public record MetricsConfig(boolean enabled, String bind, int port, String path) {
    /** Not 5280: ejabberd and Prosody use it for HTTP and run next to Causse in the benchmarks. */
    public static final int DEFAULT_PORT = 9464;

    public MetricsConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(path, "path");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(false, "127.0.0.1", DEFAULT_PORT, "/metrics");
    }

    /** The endpoint on loopback, on a free port: what tests use. */
    public static MetricsConfig loopbackAnyPort() {
        return new MetricsConfig(true, "127.0.0.1", 0, "/metrics");
    }
}
