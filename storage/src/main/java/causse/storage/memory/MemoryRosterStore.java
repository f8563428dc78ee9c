package causse.storage.memory;

import causse.storage.PendingRequest;
import causse.storage.Roster;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link RosterStore} in memory, for unit tests of protocol code; the same contract test runs on it and on the
 * JDBC store. Each owner's state is guarded by its own lock. It knows no accounts: it keeps data for any owner.
 */
public final class MemoryRosterStore implements RosterStore {
    private final ConcurrentMap<String, OwnerRoster> rosters = new ConcurrentHashMap<>();

    @Override
    public Roster roster(String owner) {
        OwnerRoster r = rosters.get(owner);
        if (r == null) {
            return new Roster(0, List.of());
        }
        synchronized (r) {
            return new Roster(r.version, List.copyOf(r.items.values()));
        }
    }

    @Override
    public Optional<RosterItem> item(String owner, String contact) {
        Objects.requireNonNull(contact, "contact");
        OwnerRoster r = rosters.get(owner);
        if (r == null) {
            return Optional.empty();
        }
        synchronized (r) {
            return Optional.ofNullable(r.items.get(contact));
        }
    }

    @Override
    public long put(String owner, RosterItem item) {
        Objects.requireNonNull(item, "item");
        OwnerRoster r = of(owner);
        synchronized (r) {
            r.items.put(item.contact(), item);
            return ++r.version;
        }
    }

    @Override
    public long remove(String owner, String contact) {
        Objects.requireNonNull(contact, "contact");
        OwnerRoster r = rosters.get(owner);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return r.items.remove(contact) == null ? r.version : ++r.version;
        }
    }

    @Override
    public void savePendingRequest(String owner, String contact, String stanzaXml) {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(stanzaXml, "stanzaXml");
        OwnerRoster r = of(owner);
        synchronized (r) {
            // Removed first, so that the newer request goes to the end of the insertion order.
            r.pending.remove(contact);
            r.pending.put(contact, stanzaXml);
        }
    }

    @Override
    public List<PendingRequest> pendingRequests(String owner) {
        OwnerRoster r = rosters.get(owner);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            return r.pending.entrySet().stream().map(e -> new PendingRequest(e.getKey(), e.getValue())).toList();
        }
    }

    @Override
    public void removePendingRequest(String owner, String contact) {
        OwnerRoster r = rosters.get(owner);
        if (r != null) {
            synchronized (r) {
                r.pending.remove(contact);
            }
        }
    }

    @Override
    public Set<String> owners() {
        Set<String> owners = new HashSet<>();
        rosters.forEach((owner, r) -> {
            synchronized (r) {
                if (!r.items.isEmpty() || !r.pending.isEmpty()) {
                    owners.add(owner);
                }
            }
        });
        return owners;
    }

    private OwnerRoster of(String owner) {
        return rosters.computeIfAbsent(Objects.requireNonNull(owner, "owner"), o -> new OwnerRoster());
    }

    /** One owner's roster; every access holds its monitor. */
    private static final class OwnerRoster {
        private long version;
        private final SortedMap<String, RosterItem> items = new TreeMap<>();
        private final Map<String, String> pending = new LinkedHashMap<>();
    }
}
