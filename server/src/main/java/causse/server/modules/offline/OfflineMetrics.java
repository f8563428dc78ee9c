package causse.server.modules.offline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Offline messages as {@code causse.offline.messages{event=stored|delivered|expired}}. Stored minus
 * delivered minus expired is what waits in the store (up to messages deleted with their account).
 */
public final class OfflineMetrics {
    private final Counter stored;
    private final Counter delivered;
    private final Counter expired;

    public OfflineMetrics(MeterRegistry registry) {
        stored = counter(registry, "stored");
        delivered = counter(registry, "delivered");
        expired = counter(registry, "expired");
    }

    private static Counter counter(MeterRegistry registry, String event) {
        return Counter.builder("causse.offline.messages").tag("event", event)
                .description("Offline messages stored, delivered (acknowledged by the client) and expired")
                .register(registry);
    }

    void stored() {
        stored.increment();
    }

    void delivered(int count) {
        delivered.increment(count);
    }

    void expired(int count) {
        expired.increment(count);
    }
}
