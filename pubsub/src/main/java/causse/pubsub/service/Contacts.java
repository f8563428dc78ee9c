package causse.pubsub.service;

import java.util.Set;

/** What the {@code presence} and {@code roster} access models need to know of an owner's roster. Calls may block. */
public interface Contacts {
    /** True when {@code jid} (bare) is subscribed to {@code owner}'s presence (subscription from or both). */
    boolean seesPresence(String owner, String jid);

    /** The groups {@code owner}'s roster puts {@code jid} (bare) in; empty when it is not in the roster. */
    Set<String> groups(String owner, String jid);
}
