package causse.storage;

import java.time.Instant;

/**
 * One published item: its id, the publisher's JID, the payload as XML text (empty for an item without
 * payload) and when it was published (kept to the microsecond). {@code seq} orders the items of a node by
 * publication (a re-published id gets a new, higher one); it is assigned by the store, 0 before.
 */
public record PubSubItem(String service, String node, String id, String publisher, String payloadXml,
                         Instant published, long seq) {
}
