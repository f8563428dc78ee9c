package causse.server.c2s;

import causse.net.IpConnectionLimiter;
import causse.server.config.ListenerType;
import causse.stanza.Stanza;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The c2s listeners' meters: connections by listener and state, authentications, stanzas in and out by
 * kind. Every meter is registered once here, so the per-stanza path only increments a counter it already
 * holds (an array index by kind, no tag lookup, no lock).
 */
public final class C2sMetrics {
    private final Counter authOk;
    private final Counter authFailed;
    private final Counter[] stanzasIn;
    private final Counter[] stanzasOut;
    private final Counter resumed;
    private final Counter resumptionRefused;
    private final Counter refusedTooMany;
    private final Counter refusedTooFast;
    private final Map<ListenerType, AtomicInteger> negotiating = new EnumMap<>(ListenerType.class);
    private final Map<ListenerType, AtomicInteger> established = new EnumMap<>(ListenerType.class);

    public C2sMetrics(MeterRegistry registry) {
        authOk = Counter.builder("causse.c2s.auth").tag("result", "ok")
                .description("SASL and legacy authentications").register(registry);
        authFailed = Counter.builder("causse.c2s.auth").tag("result", "failed")
                .description("SASL and legacy authentications").register(registry);
        refusedTooMany = Counter.builder("causse.c2s.connections.refused").tag("reason", "too_many")
                .description("Client connections refused by the per-address limits").register(registry);
        refusedTooFast = Counter.builder("causse.c2s.connections.refused").tag("reason", "too_fast")
                .description("Client connections refused by the per-address limits").register(registry);
        resumed = Counter.builder("causse.c2s.resumptions").tag("result", "resumed")
                .description("Attempts to resume a stream (XEP-0198)").register(registry);
        resumptionRefused = Counter.builder("causse.c2s.resumptions").tag("result", "failed")
                .description("Attempts to resume a stream (XEP-0198)").register(registry);
        stanzasIn = byKind(registry, "causse.stanzas.in", "Stanzas received from clients");
        stanzasOut = byKind(registry, "causse.stanzas.out", "Stanzas sent to clients");
        for (ListenerType type : ListenerType.values()) {
            negotiating.put(type, connections(registry, type, "negotiating"));
            established.put(type, connections(registry, type, "established"));
        }
    }

    private static Counter[] byKind(MeterRegistry registry, String name, String description) {
        Counter[] counters = new Counter[Stanza.Kind.values().length];
        for (Stanza.Kind kind : Stanza.Kind.values()) {
            counters[kind.ordinal()] = Counter.builder(name).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .description(description).register(registry);
        }
        return counters;
    }

    private static AtomicInteger connections(MeterRegistry registry, ListenerType type, String state) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder("causse.connections", count, AtomicInteger::get)
                .tag("listener", type.name().toLowerCase(Locale.ROOT)).tag("state", state)
                .description("Open client connections: negotiating until a resource is bound, then established")
                .register(registry);
        return count;
    }

    /** A connection refused by the per-address limits. */
    public void refused(IpConnectionLimiter.Verdict why) {
        (why == IpConnectionLimiter.Verdict.TOO_MANY ? refusedTooMany : refusedTooFast).increment();
    }

    void authenticated() {
        authOk.increment();
    }

    void authenticationFailed() {
        authFailed.increment();
    }

    void resumption(boolean succeeded) {
        (succeeded ? resumed : resumptionRefused).increment();
    }

    void stanzaIn(Stanza.Kind kind) {
        stanzasIn[kind.ordinal()].increment();
    }

    void stanzaOut(Stanza.Kind kind) {
        stanzasOut[kind.ordinal()].increment();
    }

    void connectionOpened(ListenerType listener) {
        negotiating.get(listener).incrementAndGet();
    }

    void connectionEstablished(ListenerType listener) {
        negotiating.get(listener).decrementAndGet();
        established.get(listener).incrementAndGet();
    }

    void connectionClosed(ListenerType listener, boolean wasEstablished) {
        (wasEstablished ? established : negotiating).get(listener).decrementAndGet();
    }
}
