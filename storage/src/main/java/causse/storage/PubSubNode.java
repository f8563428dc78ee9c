package causse.storage;

/**
 * One publish-subscribe node (XEP-0060) of one service: {@code service} is the service's JID ({@code
 * pubsub.example.org}) or, for PEP (XEP-0163), the owning account's bare JID. {@code config} is the node's
 * configuration as text the pubsub module writes and reads back; storage does not look inside.
 */
public record PubSubNode(String service, String node, String config) {
}
