package causse.pubsub.service;

import java.util.List;
import java.util.Set;

/** What the {@code presence} and {@code roster} access models need to know of an owner's roster. Calls may block. */
public interface Contacts {
    /** True when {@code jid} (bare) is subscribed to {@code owner}'s presence (subscription from or both). */
    boolean seesPresence(String owner, String jid);

    /** The groups {@code owner}'s roster puts {@code jid} (bare) in; empty when it is not in the roster. */
    Set<String> groups(String owner, String jid);

    /** The bare JIDs subscribed to {@code owner}'s presence: who PEP notifies implicitly (XEP-0163 §4.3). */
    List<String> subscribers(String owner);

    /** The bare JIDs whose presence {@code jid} is subscribed to: whose PEP nodes it hears from. */
    List<String> followed(String jid);
}
