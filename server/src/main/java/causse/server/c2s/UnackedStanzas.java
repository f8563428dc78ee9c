package causse.server.c2s;

import causse.xml.XmlElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The stanzas sent to a client under stream management (XEP-0198) that it has not acknowledged yet, oldest
 * first, with the count of stanzas sent. Counts are XEP-0198's unsigned 32-bit sequence numbers: they wrap
 * from 2<sup>32</sup>-1 to 0. Thread-safe: the connection's event loop adds and acknowledges, a session
 * waiting for its client to resume is added to from any thread.
 */
final class UnackedStanzas {
    static final long MASK = 0xFFFF_FFFFL;

    /** A stanza and when it was first sent (for the delay stamp it gets if it is finally delivered elsewhere). */
    record Entry(XmlElement stanza, long sentAtMillis) {
    }

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final int max;
    private long sent;

    UnackedStanzas(int max) {
        this.max = max;
    }

    /** Counts and keeps a stanza sent; false when more than {@code max} are now unacknowledged. */
    synchronized boolean add(XmlElement stanza, long nowMillis) {
        queue.addLast(new Entry(stanza, nowMillis));
        sent = (sent + 1) & MASK;
        return queue.size() <= max;
    }

    /**
     * The client has handled every stanza up to sequence number {@code h}: forgets them. False, changing
     * nothing, when {@code h} counts stanzas that were never sent (XEP-0198 §6, handled-count-too-high).
     */
    synchronized boolean acknowledge(long h) {
        if (h < 0 || h > MASK) {
            return false;
        }
        long handled = (h - acknowledged()) & MASK;
        if (handled > queue.size()) {
            return false;
        }
        for (long i = 0; i < handled; i++) {
            queue.removeFirst();
        }
        return true;
    }

    /** The sequence number of the last stanza the client acknowledged. */
    synchronized long acknowledged() {
        return (sent - queue.size()) & MASK;
    }

    synchronized long sent() {
        return sent;
    }

    synchronized int size() {
        return queue.size();
    }

    /** The unacknowledged stanzas, oldest first, still kept (they are sent again on a resumed stream). */
    synchronized List<Entry> pending() {
        return new ArrayList<>(queue);
    }

    /** Takes every unacknowledged stanza out: the session is over and they must be delivered elsewhere. */
    synchronized List<Entry> drain() {
        List<Entry> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }
}
