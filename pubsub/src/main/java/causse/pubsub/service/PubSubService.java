package causse.pubsub.service;

import static causse.stanza.StanzaErrorCondition.BAD_REQUEST;
import static causse.stanza.StanzaErrorCondition.CONFLICT;
import static causse.stanza.StanzaErrorCondition.FORBIDDEN;
import static causse.stanza.StanzaErrorCondition.ITEM_NOT_FOUND;
import static causse.stanza.StanzaErrorCondition.NOT_ACCEPTABLE;
import static causse.stanza.StanzaErrorCondition.NOT_AUTHORIZED;

import causse.jid.Jid;
import causse.module.KeyedQueue;
import causse.storage.PubSubAffiliation;
import causse.storage.PubSubItem;
import causse.storage.PubSubNode;
import causse.storage.PubSubStore;
import causse.storage.PubSubSubscription;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The publish-subscribe domain (XEP-0060): nodes, affiliations, subscriptions and items of every service of
 * one kind (see {@link ServicePolicy}), with the rules and error conditions of the XEP's use cases. It builds
 * no XML: requests come in as arguments, events go out through the {@link Broadcaster}. Nodes, affiliations
 * and subscriptions live in memory and are written through to the store, so a publish reads no subscriber
 * from the database. Not thread-safe per service: callers run each service's calls one at a time, in order
 * (the module's queue), off the event loops since store calls block.
 */
public final class PubSubService {
    private final PubSubStore store;
    private final Broadcaster broadcaster;
    private final ServicePolicy policy;
    private final AccessRules access;
    private final Clock clock;
    private final Map<String, Map<String, Node>> services = new ConcurrentHashMap<>();

    public PubSubService(PubSubStore store, Broadcaster broadcaster, Contacts contacts, ServicePolicy policy,
                         Clock clock) {
        this.store = store;
        this.broadcaster = broadcaster;
        this.policy = policy;
        this.access = new AccessRules(contacts);
        this.clock = clock;
    }

    /** Reads the nodes of the services this instance serves ({@code serves} picks them by service JID). */
    public void load(Predicate<String> serves) {
        for (PubSubNode n : store.nodes()) {
            if (serves.test(n.service())) {
                nodes(n.service()).put(n.node(), new Node(n.service(), n.node(),
                        NodeConfig.fromText(n.config(), policy.defaults())));
            }
        }
        for (PubSubAffiliation a : store.affiliations()) {
            find(a.service(), a.node()).ifPresent(n -> n.affiliations.put(a.jid(), Affiliation.of(a.affiliation())));
        }
        for (PubSubSubscription s : store.subscriptions()) {
            find(s.service(), s.node()).ifPresent(n -> n.subscriptions.add(new Subscription(s.jid(), s.subid(),
                    SubscriptionState.of(s.state()), Subscription.deliverOf(s.options()))));
        }
        for (PubSubItem i : store.lastItems()) {
            find(i.service(), i.node()).ifPresent(n -> n.lastItem = i);
        }
    }

    /**
     * Forgets a service whose stored nodes are already gone (a PEP service deleted with its account), so that a
     * new account of the same name starts with none. Nobody is told: the account's contacts learn of the removal
     * from its presence.
     */
    public void forget(String service) {
        services.remove(service);
    }

    /** A removed account leaves every service of this instance ({@link #leave}), each on its own queue. */
    public void leaveEverywhere(String bareJid, KeyedQueue queue) {
        for (String service : List.copyOf(services.keySet())) {
            queue.submit(service, () -> leave(service, bareJid));
        }
    }

    /**
     * A removed account leaves every node of {@code service}: its subscriptions (of any of its resources) and its
     * affiliation go, so that a new account of the same name inherits none of them. A node it alone owned keeps
     * its items and its subscribers, with no owner. Runs on the service's queue, as every call here. The JDBC
     * account store has already deleted these rows with the account; removing them again changes nothing there
     * and keeps memory and store in step whatever the store.
     */
    public void leave(String service, String bareJid) {
        Map<String, Node> nodes = services.get(service);
        if (nodes == null) {
            return;
        }
        for (Node n : nodes.values()) {
            for (Subscription s : List.copyOf(n.subscriptions)) {
                if (Jid.parse(s.jid()).bareString().equals(bareJid)) {
                    removeSubscription(n, s);
                }
            }
            if (n.affiliations.containsKey(bareJid)) {
                setAffiliation(n, bareJid, Affiliation.NONE);
            }
        }
    }

    public ServicePolicy policy() {
        return policy;
    }

    /** The service's nodes, in creation order. */
    public List<Node> nodesOf(String service) {
        return List.copyOf(nodes(service).values());
    }

    public Optional<Node> find(String service, String node) {
        Map<String, Node> nodes = services.get(service);
        return Optional.ofNullable(nodes == null ? null : nodes.get(node));
    }

    /** Creates a node (§8.1); a null name makes an instant node. Returns its name. */
    public String create(String service, Jid actor, String name, Map<String, List<String>> config) {
        if (policy.pep() ? !actor.bareString().equals(service) : !policy.mayCreate().test(service, actor)) {
            throw PubSubException.of(FORBIDDEN);
        }
        if (name != null && nodes(service).containsKey(name)) {
            throw PubSubException.of(CONFLICT);
        }
        NodeChecks.checkAccessModel(config);
        NodeConfig cfg = configFrom(policy.defaults(), config);
        String nodeName = name != null ? name : UUID.randomUUID().toString();
        if (!store.createNode(new PubSubNode(service, nodeName, cfg.toText()))) {
            throw PubSubException.of(CONFLICT);
        }
        Node node = new Node(service, nodeName, cfg);
        nodes(service).put(nodeName, node);
        setAffiliation(node, actor.bareString(), Affiliation.OWNER);
        return nodeName;
    }

    /** The node's configuration, for its owners (§8.2). */
    public NodeConfig configuration(String service, Jid actor, String node) {
        return owned(service, actor, node).config;
    }

    /** Changes the configuration (§8.2.4), telling subscribers when {@code notify_config} is on. */
    public void configure(String service, Jid actor, String node, Map<String, List<String>> changes) {
        Node n = owned(service, actor, node);
        NodeConfig cfg = configFrom(n.config, changes);
        store.updateConfig(service, node, cfg.toText());
        n.config = cfg;
        if (cfg.notifyConfig() && cfg.deliverNotifications()) {
            broadcaster.send(n, new NodeEvent.Configured(service, node, cfg.deliverPayloads() ? cfg : null),
                    n.deliveredTo());
        }
    }

    /** Deletes the node (§8.4), telling subscribers (with the redirect URI, if any). */
    public void delete(String service, Jid actor, String node, String redirect) {
        Node n = owned(service, actor, node);
        store.deleteNode(service, node);
        nodes(service).remove(node);
        if (n.config.notifyDelete()) {
            broadcaster.send(n, new NodeEvent.Deleted(service, node, redirect), n.deliveredTo());
        }
    }

    /** Deletes every item (§8.5). */
    public void purge(String service, Jid actor, String node) {
        Node n = owned(service, actor, node);
        if (!n.config.persistItems()) {
            throw PubSubException.unsupported("persistent-items");
        }
        store.purge(service, node);
        n.lastItem = null;
        if (n.config.notifyRetract() || n.config.notifyDelete()) {
            broadcaster.send(n, new NodeEvent.Purged(service, node), n.deliveredTo());
        }
    }

    /**
     * Publishes (§7.1): {@code itemId} may be null (the service picks one), {@code payloadXml} null for an item
     * without payload, {@code hasItem} false for a publish with no item at all. Returns the item id, or null.
     */
    public String publish(String service, Jid actor, String node, boolean hasItem, String itemId, String payloadXml,
                          Map<String, List<String>> publishOptions) {
        if (node == null || node.isEmpty()) {
            throw PubSubException.of(BAD_REQUEST, "nodeid-required");
        }
        Node n = find(service, node).orElse(null);
        if (n == null) {
            if (!policy.pep()) {
                throw PubSubException.of(ITEM_NOT_FOUND);
            }
            // XEP-0163 §4.6: the first publish creates the node, its publish-options becoming its configuration.
            create(service, actor, node, publishOptions);
            n = find(service, node).orElseThrow();
        } else if (!publishOptions.isEmpty() && !preconditionsHold(n.config, publishOptions)) {
            throw PubSubException.of(CONFLICT, "precondition-not-met");
        }
        NodeChecks.checkPublisher(n, actor);
        NodeConfig cfg = n.config;
        if (!hasItem) {
            if (cfg.persistItems()) {
                throw PubSubException.of(BAD_REQUEST, "item-required");
            }
            if (cfg.deliverPayloads()) {
                throw PubSubException.of(BAD_REQUEST, "payload-required");
            }
        } else if (!cfg.persistItems() && !cfg.deliverPayloads()) {
            throw PubSubException.of(BAD_REQUEST, "item-forbidden");
        } else if (payloadXml == null && cfg.deliverPayloads()) {
            throw PubSubException.of(BAD_REQUEST, "payload-required");
        }
        if (payloadXml != null && payloadXml.length() > cfg.maxPayloadSize()) {
            throw PubSubException.of(NOT_ACCEPTABLE, "payload-too-big");
        }
        String id = !hasItem ? null : itemId != null && !itemId.isEmpty() ? itemId : UUID.randomUUID().toString();
        PubSubItem item = new PubSubItem(service, node, id, actor.bareString(), payloadXml == null ? "" : payloadXml,
                Instant.now(clock), 0);
        if (hasItem && cfg.persistItems()) {
            expire(n);
            item = store.publish(item, cfg.maxItems());
            n.lastItem = item;
        }
        if (cfg.deliverNotifications()) {
            broadcaster.send(n, new NodeEvent.Published(service, node, item, cfg.deliverPayloads(), false),
                    n.deliveredTo());
        }
        return id;
    }

    /** Deletes an item (§7.2), telling subscribers when asked to or when {@code notify_retract} is on. */
    public void retract(String service, Jid actor, String node, String itemId, boolean notify) {
        Node n = existing(service, node);
        if (itemId == null || itemId.isEmpty()) {
            throw PubSubException.of(BAD_REQUEST, "item-required");
        }
        NodeChecks.checkPublisher(n, actor);
        if (!n.config.persistItems()) {
            throw PubSubException.unsupported("persistent-items");
        }
        PubSubItem item = store.item(service, node, itemId).orElseThrow(() -> PubSubException.of(ITEM_NOT_FOUND));
        Affiliation a = n.affiliation(actor.bareString());
        if (a != Affiliation.OWNER && a != Affiliation.PUBLISHER && !item.publisher().equals(actor.bareString())) {
            // §4.1 table 4 and its note: a publish-only entity (and whoever the publish model lets publish)
            // deletes only what it published.
            throw PubSubException.of(FORBIDDEN);
        }
        if (!store.retract(service, node, itemId)) {
            throw PubSubException.of(ITEM_NOT_FOUND);
        }
        if (n.lastItem != null && n.lastItem.id().equals(itemId)) {
            List<PubSubItem> newest = store.items(service, node, Long.MAX_VALUE, 1);
            n.lastItem = newest.isEmpty() ? null : newest.get(0);
        }
        if (notify || n.config.notifyRetract()) {
            broadcaster.send(n, new NodeEvent.Retracted(service, node, itemId), n.deliveredTo());
        }
    }

    /** Subscribes {@code jid} (§6.1): the requester's own bare or full JID. */
    public Subscription subscribe(String service, Jid actor, String node, Jid jid) {
        Node n = existing(service, node);
        if (!jid.bare().equals(actor.bare())) {
            throw PubSubException.of(BAD_REQUEST, "invalid-jid");
        }
        if (!n.config.subscribe()) {
            throw PubSubException.unsupported("subscribe");
        }
        boolean ask = access.check(n, actor.bareString(), true);
        List<Subscription> existing = n.subscriptionsOf(jid.toString());
        if (!existing.isEmpty()) {
            if (existing.get(0).state() == SubscriptionState.PENDING) {
                throw PubSubException.of(NOT_AUTHORIZED, "pending-subscription"); // §6.1.3.7
            }
            // One subscription per JID: asking again answers with the one it has (§6.1.6 allows either).
            return existing.get(0);
        }
        Subscription s = new Subscription(jid.toString(), UUID.randomUUID().toString(),
                ask ? SubscriptionState.PENDING : SubscriptionState.SUBSCRIBED, true);
        putSubscription(n, s);
        if (ask) {
            broadcaster.askApproval(n, s, n.owners());
        } else {
            sendLastItem(n, jid.toString(), SendLastItem.ON_SUB);
        }
        return s;
    }

    /** Cancels a subscription (§6.2). */
    public void unsubscribe(String service, Jid actor, String node, Jid jid, String subid) {
        Node n = existing(service, node);
        if (!jid.bare().equals(actor.bare()) && n.affiliation(actor.bareString()) != Affiliation.OWNER) {
            throw PubSubException.of(FORBIDDEN);
        }
        // §6.2.3.2's example has type 'cancel' where §6.3.4.2's has 'modify'.
        Subscription s = NodeChecks.subscriptionOf(n, jid, subid, "cancel");
        n.subscriptions.remove(s);
        store.removeSubscription(service, node, s.jid(), s.subid());
    }

    /** The subscription whose options are asked or set (§6.3), after the checks of §6.3.3. */
    public Subscription subscriptionFor(String service, Jid actor, String node, Jid jid, String subid) {
        Node n = existing(service, node);
        if (!jid.bare().equals(actor.bare()) && n.affiliation(actor.bareString()) != Affiliation.OWNER) {
            throw PubSubException.of(FORBIDDEN);
        }
        return NodeChecks.subscriptionOf(n, jid, subid, "modify");
    }

    public void setDeliver(String service, Jid actor, String node, Jid jid, String subid, boolean deliver) {
        Subscription s = subscriptionFor(service, actor, node, jid, subid);
        Node n = existing(service, node);
        n.subscriptions.remove(s);
        putSubscription(n, s.withDeliver(deliver));
    }

    /**
     * Items (§6.5): by id when {@code ids} is not empty, else the newest {@code max} (all when null), walking
     * back from the item {@code after} for result set paging.
     */
    public ItemsPage items(String service, Jid actor, String node, List<String> ids, Integer max, String after) {
        return items(service, actor, node, null, ids, max, after);
    }

    /** {@link #items(String, Jid, String, List, Integer, String)} naming the requester's subscription (§6.5.9.1-2). */
    public ItemsPage items(String service, Jid actor, String node, String subid, List<String> ids, Integer max,
                           String after) {
        Node n = existing(service, node);
        access.check(n, actor.bareString(), false);
        NodeChecks.checkSubid(n, actor, subid);
        if (!n.config.persistItems()) {
            throw PubSubException.unsupported("persistent-items");
        }
        expire(n);
        int count = store.itemCount(service, node);
        if (!ids.isEmpty()) {
            List<PubSubItem> found = new ArrayList<>();
            for (String id : ids) {
                store.item(service, node, id).ifPresent(found::add);
            }
            return new ItemsPage(found, count, false);
        }
        long before = Long.MAX_VALUE;
        if (after != null) {
            before = store.item(service, node, after).map(PubSubItem::seq)
                    .orElseThrow(() -> PubSubException.of(ITEM_NOT_FOUND));
        }
        int limit = max == null ? Integer.MAX_VALUE : Math.max(0, max);
        return new ItemsPage(store.items(service, node, before, limit), count, max != null || after != null);
    }

    /** Sends the last item to a subscriber that became available, for nodes configured so (§6.1.7). */
    public void sendLastItemOnPresence(Node n, String to) {
        sendLastItem(n, to, SendLastItem.ON_SUB_AND_PRESENCE);
    }

    /** Owner use cases on affiliations and subscriptions (§8.8, §8.9) and the approvals of §8.6. */
    public NodeAdministration administration() {
        return new NodeAdministration(this);
    }

    Node owned(String service, Jid actor, String node) {
        Node n = existing(service, node);
        if (n.affiliation(actor.bareString()) != Affiliation.OWNER) {
            throw PubSubException.of(FORBIDDEN);
        }
        return n;
    }

    Node existing(String service, String node) {
        if (node == null || node.isEmpty()) {
            throw PubSubException.of(BAD_REQUEST, "nodeid-required");
        }
        return find(service, node).orElseThrow(() -> PubSubException.of(ITEM_NOT_FOUND));
    }

    void setAffiliation(Node n, String bareJid, Affiliation a) {
        store.setAffiliation(n.service(), n.name(), bareJid, a.attribute());
        if (a == Affiliation.NONE) {
            n.affiliations.remove(bareJid);
        } else {
            n.affiliations.put(bareJid, a);
        }
    }

    void putSubscription(Node n, Subscription s) {
        store.putSubscription(new PubSubSubscription(n.service(), n.name(), s.jid(), s.subid(), s.state().value(),
                s.optionsText()));
        n.subscriptions.removeIf(o -> o.jid().equals(s.jid()) && o.subid().equals(s.subid()));
        n.subscriptions.add(s);
    }

    void removeSubscription(Node n, Subscription s) {
        store.removeSubscription(n.service(), n.name(), s.jid(), s.subid());
        n.subscriptions.remove(s);
    }

    void sendLastItem(Node n, String to, SendLastItem when) {
        SendLastItem configured = n.config.sendLastPublishedItem();
        boolean wanted = configured == SendLastItem.ON_SUB_AND_PRESENCE
                || (configured == SendLastItem.ON_SUB && when == SendLastItem.ON_SUB);
        PubSubItem last = n.lastItem;
        if (wanted && last != null && n.config.deliverNotifications()) {
            broadcaster.send(n, new NodeEvent.Published(n.service(), n.name(), last, n.config.deliverPayloads(),
                    true), List.of(to));
        }
    }

    Broadcaster broadcaster() {
        return broadcaster;
    }

    private boolean preconditionsHold(NodeConfig config, Map<String, List<String>> options) {
        try {
            return configFrom(config, options).equals(config);
        } catch (PubSubException e) {
            return false;
        }
    }

    private NodeConfig configFrom(NodeConfig base, Map<String, List<String>> changes) {
        if (changes == null || changes.isEmpty()) {
            return base;
        }
        NodeChecks.checkLeaf(changes);
        try {
            return base.withFields(changes, policy.maxItemsLimit(), policy.defaults().maxPayloadSize());
        } catch (IllegalArgumentException e) {
            throw PubSubException.of(NOT_ACCEPTABLE);
        }
    }

    private void expire(Node n) {
        if (n.config.itemExpire() != null) {
            store.expire(n.service(), n.name(), Instant.now(clock).minus(n.config.itemExpire()));
            if (n.lastItem != null && store.item(n.service(), n.name(), n.lastItem.id()).isEmpty()) {
                n.lastItem = null;
            }
        }
    }

    private Map<String, Node> nodes(String service) {
        return services.computeIfAbsent(service, s -> new LinkedHashMap<>());
    }
}
