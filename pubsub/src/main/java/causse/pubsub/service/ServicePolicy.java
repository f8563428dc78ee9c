package causse.pubsub.service;

import causse.jid.Jid;
import java.util.function.BiPredicate;

/**
 * How one kind of service behaves: the XEP-0060 service at {@code pubsub.<domain>} or the PEP services of
 * accounts (XEP-0163).
 *
 * @param pep            services are accounts' bare JIDs: only the account creates, publish auto-creates
 * @param defaults       the configuration of a new node
 * @param maxItemsLimit  the largest {@code max_items}; {@code max} means this
 * @param mayCreate      who may create a node on a service (service JID, requester)
 */
public record ServicePolicy(boolean pep, NodeConfig defaults, int maxItemsLimit,
                            BiPredicate<String, Jid> mayCreate) {
}
