package causse.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** Which message sequence numbers have arrived, one bit each, in lazily allocated chunks; thread-safe. */
public final class SeenSet {
    private static final int CHUNK_BITS = 1 << 20;
    private final ConcurrentHashMap<Long, AtomicLongArray> chunks = new ConcurrentHashMap<>();

    /** Marks {@code seq}; returns false if it was already marked (a duplicate). */
    public boolean add(long seq) {
        AtomicLongArray chunk = chunks.computeIfAbsent(seq / CHUNK_BITS, k -> new AtomicLongArray(CHUNK_BITS / 64));
        int bit = (int) (seq % CHUNK_BITS);
        long mask = 1L << (bit & 63);
        while (true) {
            long old = chunk.get(bit >>> 6);
            if ((old & mask) != 0) {
                return false;
            }
            if (chunk.compareAndSet(bit >>> 6, old, old | mask)) {
                return true;
            }
        }
    }
}
