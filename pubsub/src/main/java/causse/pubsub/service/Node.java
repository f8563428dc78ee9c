package causse.pubsub.service;

import causse.storage.PubSubItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's state as the service keeps it in memory: configuration, affiliations (by bare JID),
 * subscriptions and the last published item. Only touched on its service's queue.
 */
public final class Node {
    private final String service;
    private final String name;
    NodeConfig config;
    final Map<String, Affiliation> affiliations = new LinkedHashMap<>();
    final List<Subscription> subscriptions = new ArrayList<>();
    PubSubItem lastItem;

    Node(String service, String name, NodeConfig config) {
        this.service = service;
        this.name = name;
        this.config = config;
    }

    public String service() {
        return service;
    }

    public String name() {
        return name;
    }

    public NodeConfig config() {
        return config;
    }

    public PubSubItem lastItem() {
        return lastItem;
    }

    public Affiliation affiliation(String bareJid) {
        return affiliations.getOrDefault(bareJid, Affiliation.NONE);
    }

    public List<String> owners() {
        return affiliations.entrySet().stream().filter(e -> e.getValue() == Affiliation.OWNER)
                .map(Map.Entry::getKey).toList();
    }

    /** The subscriptions that receive notifications: subscribed, with delivery on. */
    public List<String> deliveredTo() {
        List<String> to = new ArrayList<>();
        for (Subscription s : subscriptions) {
            if (s.state() == SubscriptionState.SUBSCRIBED && s.deliver() && !to.contains(s.jid())) {
                to.add(s.jid());
            }
        }
        return to;
    }

    List<Subscription> subscriptionsOf(String jid) {
        return subscriptions.stream().filter(s -> s.jid().equals(jid)).toList();
    }

    boolean isSubscribed(String bareJid) {
        return subscriptions.stream().anyMatch(s -> s.state() == SubscriptionState.SUBSCRIBED
                && (s.jid().equals(bareJid) || s.jid().startsWith(bareJid + "/")));
    }
}
