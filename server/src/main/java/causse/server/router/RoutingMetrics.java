package causse.server.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the router did with each stanza ({@code causse.stanzas.routed{outcome=...}}) and how long routing
 * took ({@code causse.routing.latency}). Meters are resolved once; recording is an array index and an add.
 */
public final class RoutingMetrics {
    public enum Outcome { DELIVERED, OFFLINE, REMOTE, ERROR, DROPPED }

    private final Counter[] counters = new Counter[Outcome.values().length];
    private final Timer latency;

    public RoutingMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            counters[o.ordinal()] = Counter.builder("causse.stanzas.routed").tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .description("Stanzas routed, by what became of them").register(registry);
        }
        // A histogram, not client-side percentiles: Prometheus can then aggregate it over time and servers.
        latency = Timer.builder("causse.routing.latency")
                .description("Time from a stanza entering the router to its hand-off to the recipient's connection")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    void routed(Outcome outcome) {
        counters[outcome.ordinal()].increment();
    }

    void routingTook(long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
