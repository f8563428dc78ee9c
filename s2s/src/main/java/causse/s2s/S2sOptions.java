package causse.s2s;

import causse.net.ShaperLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The s2s module's options (the {@code modules.s2s} section of causse.yml).
 *
 * @param port the STARTTLS listener (5269; 0 picks a free port)
 * @param directTlsPort the Direct TLS listener (XEP-0368, 5270; 0 picks a free port, -1 opens none)
 * @param requireTls true (the default): no dialback, no stanza and no connection to a peer without TLS, either way
 * @param resolvers DNS servers to ask ({@code host[:port]}); empty: the system's
 * @param trustStore a PEM file of the CAs whose certificates prove a peer's domain; null: the JDK's trust store
 * @param policy the default {@link AuthPolicy}; {@code certificateRequired} and {@code dialbackAllowed} name
 *     domains that get the other one
 * @param idleTimeout an outgoing stream that carried nothing for this long is closed (reopened on demand)
 * @param connectTimeout how long connecting to one endpoint and authenticating on it may take
 * @param incoming limits on incoming streams
 */
public record S2sOptions(String bind, int port, int directTlsPort, boolean requireTls, List<String> resolvers, Path trustStore,
                         AuthPolicy policy, Set<String> certificateRequired, Set<String> dialbackAllowed,
                         Duration idleTimeout, Duration connectTimeout, int maxStanzaSize, int maxQueuedStanzas,
                         Incoming incoming) {
    public static final int DEFAULT_PORT = 5269;
    public static final int DEFAULT_DIRECT_TLS_PORT = 5270;

    public static final S2sOptions DEFAULTS = new S2sOptions("0.0.0.0", DEFAULT_PORT, DEFAULT_DIRECT_TLS_PORT, true, List.of(),
            null, AuthPolicy.DIALBACK_ALLOWED, Set.of(), Set.of(), Duration.ofMinutes(10), Duration.ofSeconds(30),
            262_144, 10_000, Incoming.DEFAULTS);

    public S2sOptions {
        Objects.requireNonNull(bind, "bind");
        resolvers = List.copyOf(resolvers);
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(incoming, "incoming");
        certificateRequired = lower(certificateRequired);
        dialbackAllowed = lower(dialbackAllowed);
    }

    /**
     * Limits on incoming streams, per remote address and per stream.
     *
     * @param connectionsPerIp    incoming streams open at once from one address (one per domain pair is the
     *                            rule; a host serving many domains opens more); one more gets
     *                            {@code <policy-violation/>}
     * @param connectionRatePerIp new incoming streams per second from one address (bursts of that many)
     * @param exemptLoopback      the two limits above do not apply to loopback
     * @param shaper              how fast one incoming stream may send (a server carries many users' traffic: four
     *                            times a client's rate by default); one that floods for the flood time gets
     *                            {@code <policy-violation/>}
     */
    public record Incoming(int connectionsPerIp, int connectionRatePerIp, boolean exemptLoopback, ShaperLimits shaper) {
        public static final Incoming DEFAULTS = new Incoming(64, 10, true,
                new ShaperLimits(1024 * 1024, 4 * 1024 * 1024, Duration.ofSeconds(60)));

        public Incoming {
            Objects.requireNonNull(shaper, "shaper");
        }
    }

    private static Set<String> lower(Set<String> domains) {
        return Set.copyOf(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
    }

    /** The policy for one remote domain. */
    public AuthPolicy policyFor(String domain) {
        if (certificateRequired.contains(domain)) {
            return AuthPolicy.CERTIFICATE_REQUIRED;
        }
        return dialbackAllowed.contains(domain) ? AuthPolicy.DIALBACK_ALLOWED : policy;
    }

    public boolean dialbackAllowed(String domain) {
        return policyFor(domain) == AuthPolicy.DIALBACK_ALLOWED;
    }

    public S2sOptions withRequireTls(boolean newRequireTls) {
        return new S2sOptions(bind, port, directTlsPort, newRequireTls, resolvers, trustStore, policy, certificateRequired,
                dialbackAllowed, idleTimeout, connectTimeout, maxStanzaSize, maxQueuedStanzas, incoming);
    }
}
