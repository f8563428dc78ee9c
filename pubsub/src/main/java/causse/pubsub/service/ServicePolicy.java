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
 * @param notifySubscriptionChanges tell a subscriber when an owner approves, refuses or changes its subscription
 *     (XEP-0060 §8.6.2, a SHOULD): Smack 4.x has no parser for that event, and the ClassCastException it
 *     throws closes the subscriber's connection, so it stays a choice of the site
 */
public record ServicePolicy(boolean pep, NodeConfig defaults, int maxItemsLimit,
                            BiPredicate<String, Jid> mayCreate, boolean notifySubscriptionChanges) {
}
