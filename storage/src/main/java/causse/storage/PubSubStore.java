package causse.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Nodes, affiliations, subscriptions and items of every publish-subscribe service (XEP-0060) and every PEP
 * service (XEP-0163). The pubsub module keeps nodes, affiliations and subscriptions in memory (read once at
 * start-up, written through on every change), so a publish never reads the subscribers from here; items are
 * read on demand. Every call commits before it returns. Calls block: run them on the storage executor.
 *
 * <p>No argument and no field of a record passed in may be null (an empty string stands for "none"). A write that
 * needs its node ({@link #setAffiliation}, {@link #putSubscription}, {@link #publish}) throws
 * {@link StorageException} when the node does not exist; reading or removing at a missing node finds nothing.
 * Lists come in no particular order unless the method says otherwise.
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

    /**
     * Sets the JID's affiliation with the node; {@code none} removes it (which is no error when there is none, nor
     * a node). The node must exist for any other affiliation.
     */
    void setAffiliation(String service, String node, String jid, String affiliation);

    /** Creates or replaces the subscription (same service, node, jid and subid). The node must exist. */
    void putSubscription(PubSubSubscription subscription);

    /** Removes one subscription; false when there was none. */
    boolean removeSubscription(String service, String node, String jid, String subid);

    /**
     * Stores the item (the seq in the argument is ignored), replacing an item of the same id, then deletes the
     * oldest items beyond {@code maxItems} ({@code maxItems < 0}: no limit; {@code 0}: the item is trimmed at once
     * and nothing is kept, though it still gets its seq). Returns the item as stored: with its seq, higher than
     * every seq given before, and its time truncated to the microsecond. Atomic: a concurrent reader never sees
     * more than {@code maxItems} items.
     */
    PubSubItem publish(PubSubItem item, int maxItems);

    /** The item with this id, if any. */
    Optional<PubSubItem> item(String service, String node, String id);

    /**
     * Up to {@code limit} items, newest first (highest seq first), among those whose seq is strictly below
     * {@code beforeSeq} (pass {@link Long#MAX_VALUE} for the newest). This is how result set paging walks back.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    List<PubSubItem> items(String service, String node, long beforeSeq, int limit);

    /**
     * The latest item (highest seq) of every node that has one, for the start-up load of "last published" items;
     * in order of seq.
     */
    List<PubSubItem> lastItems();

    /** How many items the node holds. */
    int itemCount(String service, String node);

    /** Deletes the item; false when there was none. */
    boolean retract(String service, String node, String id);

    /** Deletes every item of the node; returns how many. */
    int purge(String service, String node);

    /**
     * Deletes every item of the node published strictly before {@code cutoff} (item expiry); returns their ids,
     * in order of seq.
     */
    List<String> expire(String service, String node, Instant cutoff);
}
