package causse.server.c2s;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Authentication and stanza counters of the c2s listeners. */
public final class C2sMetrics {
    private final Counter authOk;
    private final Counter authFailed;
    private final Counter stanzasIn;

    public C2sMetrics(MeterRegistry registry) {
        authOk = Counter.builder("causse.c2s.auth").tag("result", "ok").register(registry);
        authFailed = Counter.builder("causse.c2s.auth").tag("result", "failed").register(registry);
        stanzasIn = Counter.builder("causse.c2s.stanzas.in").register(registry);
    }

    void authenticated() {
        authOk.increment();
    }

    void authenticationFailed() {
        authFailed.increment();
    }

    void stanzaIn() {
        stanzasIn.increment();
    }
}
