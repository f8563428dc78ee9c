package causse.s2s;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Federation's meters: streams open each way once authenticated, authentications by method and outcome, stanzas
 * each way, and stanzas bounced back to their senders. Registered once here, so that the per-stanza path only
 * increments a counter it holds.
 */
public final class S2sMetrics {
    /** How a peer's domain was proved. */
    public enum Method { EXTERNAL, DIALBACK }

    private final AtomicInteger inbound = new AtomicInteger();
    private final AtomicInteger outbound = new AtomicInteger();
    private final Counter stanzasIn;
    private final Counter stanzasOut;
    private final Counter[] authIn = new Counter[Method.values().length];
    private final Counter[] authOut = new Counter[Method.values().length];
    private final Counter authInFailed;
    private final Counter bounced;

    public S2sMetrics(MeterRegistry registry) {
        streams(registry, "in", inbound);
        streams(registry, "out", outbound);
        stanzasIn = stanzas(registry, "in");
        stanzasOut = stanzas(registry, "out");
        for (Method m : Method.values()) {
            String method = m.name().toLowerCase(Locale.ROOT);
            authIn[m.ordinal()] = auth(registry, "in", method, "ok");
            authOut[m.ordinal()] = auth(registry, "out", method, "ok");
        }
        authInFailed = auth(registry, "in", "dialback", "failed");
        bounced = Counter.builder("causse.s2s.bounced")
                .description("Stanzas for another domain returned to their sender with an error").register(registry);
    }

    /** Meters nobody reads: for tests that build the services by hand. */
    public static S2sMetrics unread() {
        return new S2sMetrics(new SimpleMeterRegistry());
    }

    private static void streams(MeterRegistry registry, String direction, AtomicInteger open) {
        Gauge.builder("causse.s2s.streams", open, AtomicInteger::get).tag("direction", direction)
                .description("Server-to-server streams open with at least one domain proved").register(registry);
    }

    private static Counter stanzas(MeterRegistry registry, String direction) {
        return Counter.builder("causse.s2s.stanzas").tag("direction", direction)
                .description("Stanzas received from and sent to other servers").register(registry);
    }

    private static Counter auth(MeterRegistry registry, String direction, String method, String result) {
        return Counter.builder("causse.s2s.auth").tag("direction", direction).tag("method", method)
                .tag("result", result).description("Domains proved between servers, each way").register(registry);
    }

    public void inboundProved(Method how, boolean firstOnStream) {
        authIn[how.ordinal()].increment();
        if (firstOnStream) {
            inbound.incrementAndGet();
        }
    }

    public void inboundDialbackRefused() {
        authInFailed.increment();
    }

    /** An incoming stream that had proved a domain closed. */
    public void inboundClosed() {
        inbound.decrementAndGet();
    }

    public void outboundEstablished(Method how) {
        authOut[how.ordinal()].increment();
        outbound.incrementAndGet();
    }

    public void outboundClosed() {
        outbound.decrementAndGet();
    }

    public void stanzaIn() {
        stanzasIn.increment();
    }

    public void stanzaOut() {
        stanzasOut.increment();
    }

    public void bounced() {
        bounced.increment();
    }
}
