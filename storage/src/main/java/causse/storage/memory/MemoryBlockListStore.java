package causse.storage.memory;

import causse.storage.BlockListStore;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link BlockListStore} in memory, for unit tests of protocol code; the same contract test runs on it and on the
 * JDBC store. Each owner's list is guarded by its own lock. It knows no accounts.
 */
public final class MemoryBlockListStore implements BlockListStore {
    private final ConcurrentMap<String, SortedSet<String>> lists = new ConcurrentHashMap<>();

    @Override
    public Set<String> owners() {
        return NonEmptyOwners.of(lists);
    }

    @Override
    public List<String> blocked(String owner) {
        SortedSet<String> list = lists.get(owner);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    @Override
    public boolean isBlocked(String owner, String jid) {
        Objects.requireNonNull(jid, "jid");
        SortedSet<String> list = lists.get(owner);
        if (list == null) {
            return false;
        }
        synchronized (list) {
            return list.contains(jid);
        }
    }

    @Override
    public List<String> block(String owner, Collection<String> jids) {
        TreeSet<String> requested = new TreeSet<>(jids);
        SortedSet<String> list = lists.computeIfAbsent(Objects.requireNonNull(owner, "owner"), o -> new TreeSet<>());
        synchronized (list) {
            requested.removeIf(jid -> !list.add(jid));
        }
        return List.copyOf(requested);
    }

    @Override
    public List<String> unblock(String owner, Collection<String> jids) {
        TreeSet<String> requested = new TreeSet<>(jids);
        SortedSet<String> list = lists.get(owner);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            requested.removeIf(jid -> !list.remove(jid));
        }
        return List.copyOf(requested);
    }

    @Override
    public List<String> unblockAll(String owner) {
        SortedSet<String> list = lists.get(owner);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            List<String> removed = List.copyOf(list);
            list.clear();
            return removed;
        }
    }
}
