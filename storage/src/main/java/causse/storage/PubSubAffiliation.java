package causse.storage;

/** The affiliation ({@code owner}, {@code publisher}, {@code member}, ...) of one JID with one node. */
public record PubSubAffiliation(String service, String node, String jid, String affiliation) {
}
