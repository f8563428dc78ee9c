package causse.server.modules.caps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Feature sets whose verification string checked out (XEP-0115 §5.4 3.8), by hash and ver, shared by every JID
 * that announces them. Least recently used entries leave first, so a client announcing endless fresh vers costs
 * a bounded amount of memory. Thread-safe.
 */
final class VerifiedCaps {
    private final Map<String, Set<String>> byVer;

    VerifiedCaps(int capacity) {
        this.byVer = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The verified features of these caps, or null when they are not (or no longer) known. */
    synchronized Set<String> get(Caps caps) {
        return byVer.get(caps.key());
    }

    synchronized void put(Caps caps, Set<String> features) {
        byVer.put(caps.key(), Set.copyOf(features));
    }

    synchronized int size() {
        return byVer.size();
    }
}
