package causse.pubsub.service;

import causse.storage.PubSubItem;

/** What subscribers are told (XEP-0060 §7 and §8 notifications); the XML layer writes them. */
public sealed interface NodeEvent {
    String service();

    String node();

    /** A published item; {@code delayed} for a last published item sent later (it then carries a delay stamp). */
    record Published(String service, String node, PubSubItem item, boolean withPayload, boolean delayed)
            implements NodeEvent {
    }

    record Retracted(String service, String node, String itemId) implements NodeEvent {
    }

    record Purged(String service, String node) implements NodeEvent {
    }

    /** The node was deleted; {@code redirect} is a URI or null. */
    record Deleted(String service, String node, String redirect) implements NodeEvent {
    }

    /** The configuration changed; {@code config} is null when the node does not deliver payloads. */
    record Configured(String service, String node, NodeConfig config) implements NodeEvent {
    }

    /** A subscription was approved, refused or changed by an owner (§8.6, §8.8.2). */
    record SubscriptionChanged(String service, String node, Subscription subscription) implements NodeEvent {
    }
}
