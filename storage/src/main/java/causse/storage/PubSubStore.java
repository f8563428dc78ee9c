package causse.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Nodes, affiliations, subscriptions and items of every publish-subscribe service (XEP-0060) and every PEP
 * service (XEP-0163). The pubsub module keeps nodes, affiliations and subscriptions in memory (read once at
 * start-up, written through on every change), so a publish never reads the subscribers from here; items are
 * read on demand. Every call commits before it returns. Calls block: run them on the storage executor.
 */
public interface PubSubStore {
    /** Every node of every service, for the start-up load. */
    List<PubSubNode> nodes();

    /** Every affiliation of every node. */
    List<PubSubAffiliation> affiliations();

    /** Every subscription of every node. */
    List<PubSubSubscription> subscriptions();

    /** Creates the node; false (and nothing changed) when the service already has a node of that name. */
    boolean createNode(PubSubNode node);

    /** Replaces the node's configuration text; false when there is no such node. */
    boolean updateConfig(String service, String node, String config);

    /** Deletes the node with its affiliations, subscriptions and items; false when there was none. */
    boolean deleteNode(String service, String node);

    /** Deletes every node of the service (an account's PEP service when the account is deleted); returns how many. */
    int deleteService(String service);

    /** Sets the JID's affiliation with the node; {@code none} removes it. The node must exist. */
    void setAffiliation(String service, String node, String jid, String affiliation);

    /** Creates or replaces the subscription (same service, node, jid and subid). The node must exist. */
    void putSubscription(PubSubSubscription subscription);

    /** Removes one subscription; false when there was none. */
    boolean removeSubscription(String service, String node, String jid, String subid);

    /**
     * Stores the item (the seq in the argument is ignored), replacing an item of the same id, then deletes the
     * oldest items beyond {@code maxItems} ({@code maxItems < 0}: no limit). Returns the item as stored, with
     * its seq. Atomic: a concurrent reader never sees more than {@code maxItems} items.
     */
    PubSubItem publish(PubSubItem item, int maxItems);

    /** The item with this id, if any. */
    Optional<PubSubItem> item(String service, String node, String id);

    /**
     * Up to {@code limit} items, newest first (highest seq first), among those whose seq is strictly below
     * {@code beforeSeq} (pass {@link Long#MAX_VALUE} for the newest). This is how result set paging walks back.
     */
    List<PubSubItem> items(String service, String node, long beforeSeq, int limit);

    /** The node's latest item of every node that has one, for the start-up load of "last published" items. */
    List<PubSubItem> lastItems();

    /** How many items the node holds. */
    int itemCount(String service, String node);

    /** Deletes the item; false when there was none. */
    boolean retract(String service, String node, String id);

    /** Deletes every item of the node; returns how many. */
    int purge(String service, String node);

    /** Deletes every item of the node published strictly before {@code cutoff} (item expiry); returns their ids. */
    List<String> expire(String service, String node, Instant cutoff);
}
