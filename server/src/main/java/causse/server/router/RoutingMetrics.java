package causse.server.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Counts what the router did with each stanza, as {@code causse.stanzas.routed{outcome=...}}. */
public final class RoutingMetrics {
    public enum Outcome { DELIVERED, OFFLINE, REMOTE, ERROR, DROPPED }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    public RoutingMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            counters.put(o, Counter.builder("causse.stanzas.routed").tag("outcome", o.name().toLowerCase())
                    .description("Stanzas routed, by what became of them").register(registry));
        }
    }

    void routed(Outcome outcome) {
        counters.get(outcome).increment();
    }
}
