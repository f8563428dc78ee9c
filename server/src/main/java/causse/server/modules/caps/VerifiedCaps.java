package causse.server.modules.caps;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Feature sets whose verification string checked out (XEP-0115 §5.4 3.8), by hash and ver, shared by every JID
 * that announces them. Least recently used entries leave first. Bounded in entries and in characters: anyone
 * can mint verified vers (the hash of any feature list they like), so a client announcing endless fresh vers
 * with long feature lists must not grow the cache past about {@value #CHARS_PER_ENTRY} characters per entry.
 * Thread-safe.
 */
final class VerifiedCaps {
    static final int CHARS_PER_ENTRY = 1024;

    private final int capacity;
    private final long maxChars;
    private final LinkedHashMap<String, Set<String>> byVer = new LinkedHashMap<>(16, 0.75f, true);
    private long chars;

    VerifiedCaps(int capacity) {
        this.capacity = capacity;
        this.maxChars = (long) capacity * CHARS_PER_ENTRY;
    }

    /** The verified features of these caps, or null when they are not (or no longer) known. */
    synchronized Set<String> get(Caps caps) {
        return byVer.get(caps.key());
    }

    /** Remembers verified features; a set larger than the whole budget is not kept. */
    synchronized void put(Caps caps, Set<String> features) {
        long weight = weight(features);
        if (weight > maxChars) {
            return;
        }
        Set<String> old = byVer.put(caps.key(), Set.copyOf(features));
        chars += weight - (old == null ? 0 : weight(old));
        Iterator<Map.Entry<String, Set<String>>> eldest = byVer.entrySet().iterator();
        while (byVer.size() > capacity || chars > maxChars) {
            chars -= weight(eldest.next().getValue());
            eldest.remove();
        }
    }

    synchronized int size() {
        return byVer.size();
    }

    private static long weight(Set<String> features) {
        long n = 0;
        for (String f : features) {
            n += f.length();
        }
        return n;
    }
}
