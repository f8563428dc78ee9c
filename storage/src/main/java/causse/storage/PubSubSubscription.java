package causse.storage;

/**
 * One subscription to a node: the subscriber's JID (bare or full), its subscription id, its state
 * ({@code subscribed}, {@code pending}, {@code unconfigured}) and its options as text the pubsub module owns
 * (empty when there are none). A store keys it by service, node, jid and subid: one JID may hold several
 * subscriptions to a node under different subids.
 */
public record PubSubSubscription(String service, String node, String jid, String subid, String state,
                                 String options) {
}
