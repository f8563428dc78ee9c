package causse.pubsub.service;

import causse.storage.PubSubItem;
import java.util.List;

/** Items returned by a retrieval, newest first, with what result set management (XEP-0059) reports. */
public record ItemsPage(List<PubSubItem> items, int count, boolean paged) {
}
