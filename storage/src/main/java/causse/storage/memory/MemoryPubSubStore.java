package causse.storage.memory;

import causse.storage.PubSubAffiliation;
import causse.storage.PubSubItem;
import causse.storage.PubSubNode;
import causse.storage.PubSubStore;
import causse.storage.PubSubSubscription;
import causse.storage.StorageException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link PubSubStore} in memory, for unit tests of protocol code; the same contract test runs on it and on the
 * JDBC store. Every call holds the store's one lock, so each is atomic like a transaction: simpler than a lock per
 * node, and a test double needs no more throughput. It keeps times to the microsecond, as the database does, but
 * enforces no length limits.
 */
public final class MemoryPubSubStore implements PubSubStore {
    private static final String NONE = "none";

    private final Map<NodeKey, NodeState> nodes = new LinkedHashMap<>();
    private long lastSeq;

    @Override
    public synchronized List<PubSubNode> nodes() {
        return nodes.entrySet().stream()
                .map(e -> new PubSubNode(e.getKey().service(), e.getKey().node(), e.getValue().config))
                .toList();
    }

    @Override
    public synchronized List<PubSubAffiliation> affiliations() {
        List<PubSubAffiliation> all = new ArrayList<>();
        nodes.forEach((key, state) -> state.affiliations.forEach((jid, affiliation) ->
                all.add(new PubSubAffiliation(key.service(), key.node(), jid, affiliation))));
        return all;
    }

    @Override
    public synchronized List<PubSubSubscription> subscriptions() {
        return nodes.values().stream().flatMap(state -> state.subscriptions.values().stream()).toList();
    }

    @Override
    public synchronized boolean createNode(PubSubNode node) {
        Objects.requireNonNull(node.config(), "config");
        return nodes.putIfAbsent(NodeKey.of(node.service(), node.node()), new NodeState(node.config())) == null;
    }

    @Override
    public synchronized boolean updateConfig(String service, String node, String config) {
        Objects.requireNonNull(config, "config");
        NodeState state = nodes.get(new NodeKey(service, node));
        if (state == null) {
            return false;
        }
        state.config = config;
        return true;
    }

    @Override
    public synchronized boolean deleteNode(String service, String node) {
        return nodes.remove(new NodeKey(service, node)) != null;
    }

    @Override
    public synchronized int deleteService(String service) {
        int before = nodes.size();
        nodes.keySet().removeIf(key -> key.service().equals(service));
        return before - nodes.size();
    }

    @Override
    public synchronized void setAffiliation(String service, String node, String jid, String affiliation) {
        Objects.requireNonNull(jid, "jid");
        if (NONE.equals(Objects.requireNonNull(affiliation, "affiliation"))) {
            NodeState state = nodes.get(new NodeKey(service, node));
            if (state != null) {
                state.affiliations.remove(jid);
            }
            return;
        }
        existing(service, node).affiliations.put(jid, affiliation);
    }

    @Override
    public synchronized void putSubscription(PubSubSubscription s) {
        SubscriptionKey key = new SubscriptionKey(Objects.requireNonNull(s.jid(), "jid"),
                Objects.requireNonNull(s.subid(), "subid"));
        Objects.requireNonNull(s.state(), "state");
        Objects.requireNonNull(s.options(), "options");
        existing(s.service(), s.node()).subscriptions.put(key, s);
    }

    @Override
    public synchronized boolean removeSubscription(String service, String node, String jid, String subid) {
        NodeState state = nodes.get(new NodeKey(service, node));
        return state != null && state.subscriptions.remove(new SubscriptionKey(jid, subid)) != null;
    }

    @Override
    public synchronized PubSubItem publish(PubSubItem item, int maxItems) {
        Objects.requireNonNull(item.id(), "id");
        Objects.requireNonNull(item.publisher(), "publisher");
        Objects.requireNonNull(item.payloadXml(), "payloadXml");
        Instant published = item.published().truncatedTo(ChronoUnit.MICROS);
        NodeState state = existing(item.service(), item.node());
        PubSubItem stored = new PubSubItem(item.service(), item.node(), item.id(), item.publisher(),
                item.payloadXml(), published, ++lastSeq);
        state.remove(item.id());
        state.itemsBySeq.put(stored.seq(), stored);
        state.seqById.put(stored.id(), stored.seq());
        if (maxItems >= 0) {
            while (state.itemsBySeq.size() > maxItems) {
                state.remove(state.itemsBySeq.firstEntry().getValue().id());
            }
        }
        return stored;
    }

    @Override
    public synchronized Optional<PubSubItem> item(String service, String node, String id) {
        NodeState state = nodes.get(new NodeKey(service, node));
        Long seq = state == null ? null : state.seqById.get(id);
        return seq == null ? Optional.empty() : Optional.of(state.itemsBySeq.get(seq));
    }

    @Override
    public synchronized List<PubSubItem> items(String service, String node, long beforeSeq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit: " + limit);
        }
        NodeState state = nodes.get(new NodeKey(service, node));
        if (state == null) {
            return List.of();
        }
        return state.itemsBySeq.headMap(beforeSeq, false).descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public synchronized List<PubSubItem> lastItems() {
        return nodes.values().stream()
                .filter(state -> !state.itemsBySeq.isEmpty())
                .map(state -> state.itemsBySeq.lastEntry().getValue())
                .sorted(Comparator.comparingLong(PubSubItem::seq))
                .toList();
    }

    @Override
    public synchronized int itemCount(String service, String node) {
        NodeState state = nodes.get(new NodeKey(service, node));
        return state == null ? 0 : state.itemsBySeq.size();
    }

    @Override
    public synchronized boolean retract(String service, String node, String id) {
        NodeState state = nodes.get(new NodeKey(service, node));
        return state != null && state.remove(id);
    }

    @Override
    public synchronized int purge(String service, String node) {
        NodeState state = nodes.get(new NodeKey(service, node));
        if (state == null) {
            return 0;
        }
        int purged = state.itemsBySeq.size();
        state.itemsBySeq.clear();
        state.seqById.clear();
        return purged;
    }

    @Override
    public synchronized List<String> expire(String service, String node, Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        NodeState state = nodes.get(new NodeKey(service, node));
        if (state == null) {
            return List.of();
        }
        List<String> expired = new ArrayList<>();
        for (Iterator<PubSubItem> it = state.itemsBySeq.values().iterator(); it.hasNext(); ) {
            PubSubItem item = it.next();
            if (item.published().isBefore(cutoff)) {
                it.remove();
                state.seqById.remove(item.id());
                expired.add(item.id());
            }
        }
        return expired;
    }

    /** The node's state; the caller holds the store's lock. */
    private NodeState existing(String service, String node) {
        NodeState state = nodes.get(new NodeKey(service, node));
        if (state == null) {
            throw new StorageException("no pubsub node " + node + " at " + service);
        }
        return state;
    }

    private record NodeKey(String service, String node) {
        static NodeKey of(String service, String node) {
            return new NodeKey(Objects.requireNonNull(service, "service"), Objects.requireNonNull(node, "node"));
        }
    }

    private record SubscriptionKey(String jid, String subid) {
    }

    /** One node's configuration and data; every access holds the store's lock. */
    private static final class NodeState {
        private String config;
        private final Map<String, String> affiliations = new LinkedHashMap<>();
        private final Map<SubscriptionKey, PubSubSubscription> subscriptions = new LinkedHashMap<>();
        /** The items oldest first, as the database orders them by seq. */
        private final NavigableMap<Long, PubSubItem> itemsBySeq = new TreeMap<>();
        private final Map<String, Long> seqById = new HashMap<>();

        NodeState(String config) {
            this.config = config;
        }

        /** Removes the item with this id; false when there was none. */
        boolean remove(String id) {
            Long seq = seqById.remove(id);
            return seq != null && itemsBySeq.remove(seq) != null;
        }
    }
}
