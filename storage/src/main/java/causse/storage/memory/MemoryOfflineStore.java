package causse.storage.memory;

import causse.storage.OfflineMessage;
import causse.storage.OfflineStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link OfflineStore} in memory, for unit tests of protocol code; the same contract test runs on it and on the
 * JDBC store. Each owner's messages are guarded by their own list's lock. It knows no accounts.
 */
public final class MemoryOfflineStore implements OfflineStore {
    private final ConcurrentMap<String, List<OfflineMessage>> boxes = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();

    @Override
    public boolean store(String owner, String stanzaXml, Instant stored, int limit) {
        Objects.requireNonNull(stanzaXml, "stanzaXml");
        Instant storedAt = stored.truncatedTo(ChronoUnit.MICROS);
        List<OfflineMessage> box = boxes.computeIfAbsent(Objects.requireNonNull(owner, "owner"), o -> new ArrayList<>());
        synchronized (box) {
            if (box.size() >= limit) {
                return false;
            }
            // Taken under the owner's lock, so that one owner's ids grow in the order of its messages.
            box.add(new OfflineMessage(lastId.incrementAndGet(), storedAt, stanzaXml));
            return true;
        }
    }

    @Override
    public List<OfflineMessage> messages(String owner) {
        List<OfflineMessage> box = boxes.get(owner);
        if (box == null) {
            return List.of();
        }
        synchronized (box) {
            return List.copyOf(box);
        }
    }

    @Override
    public int count(String owner) {
        List<OfflineMessage> box = boxes.get(owner);
        if (box == null) {
            return 0;
        }
        synchronized (box) {
            return box.size();
        }
    }

    @Override
    public Set<String> owners() {
        return NonEmptyOwners.of(boxes);
    }

    @Override
    public void delete(String owner, List<Long> ids) {
        Set<Long> doomed = new HashSet<>(ids);
        List<OfflineMessage> box = boxes.get(owner);
        if (box != null) {
            synchronized (box) {
                box.removeIf(m -> doomed.contains(m.id()));
            }
        }
    }

    @Override
    public int deleteOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int deleted = 0;
        for (List<OfflineMessage> box : boxes.values()) {
            synchronized (box) {
                int before = box.size();
                box.removeIf(m -> m.stored().isBefore(cutoff));
                deleted += before - box.size();
            }
        }
        return deleted;
    }
}
