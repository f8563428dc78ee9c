package causse.module;

/**
 * What the server has learnt of local clients' features through XEP-0115 entity capabilities, for modules
 * that adapt to them (PEP's {@code +notify} interests).
 */
public interface EntityCaps {
    /** The features the entity announced through XEP-0115 entity capabilities, once the server has learnt them; empty until then. */
    java.util.Set<String> features(causse.jid.Jid fullJid);

    /** Told, on any thread, when the features of a full JID become known or change (a new caps ver); must not block. */
    void addListener(java.util.function.BiConsumer<causse.jid.Jid, java.util.Set<String>> listener);
}
