package causse.storage;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Block lists (XEP-0191): per owner, a set of JIDs as the client wrote them once normalised (a domain, a bare or a
 * full JID). Matching a stanza's sender against them is the module's work; the store compares strings. Calls
 * block: run them on the storage executor.
 */
public interface BlockListStore {
    /** The owner's blocked JIDs, sorted. */
    List<String> blocked(String owner);

    boolean isBlocked(String owner, String jid);

    /** Adds the JIDs; returns those that were not blocked before, sorted and without duplicates. */
    List<String> block(String owner, Collection<String> jids);

    /** Removes the JIDs; returns those that were blocked, sorted and without duplicates. */
    List<String> unblock(String owner, Collection<String> jids);

    /** Empties the owner's block list; returns what it held, sorted. */
    List<String> unblockAll(String owner);

    /** The owners whose block list is not empty. */
    Set<String> owners();
}
