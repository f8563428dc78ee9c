package causse.storage;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rosters (RFC 6121 §2) and the subscription requests waiting for an answer (§3.1.3), per owner: a local
 * account's bare JID. JIDs are normalised by the caller. Calls block: run them on the storage executor.
 *
 * <p>Each change to an owner's items moves its roster version forward, so a client that cached version
 * {@code v} (RFC 6121 §2.6) missed exactly the changes with a greater version.
 */
public interface RosterStore {
    /** The owner's roster, items sorted by contact; version {@code 0} and no items for an owner with none. */
    Roster roster(String owner);

    Optional<RosterItem> item(String owner, String contact);

    /** Inserts the item or replaces the owner's item for the same contact; returns the roster's new version. */
    long put(String owner, RosterItem item);

    /** Removes the item; returns the new version, or the current one (nothing changed) when there was none. */
    long remove(String owner, String contact);

    /**
     * Keeps an incoming subscription request, with the presence stanza's XML text, to be sent again at the owner's
     * next login. A newer request from the same contact replaces the earlier one and takes its place at the end.
     */
    void savePendingRequest(String owner, String contact, String stanzaXml);

    /** The owner's pending requests, oldest first. */
    List<PendingRequest> pendingRequests(String owner);

    void removePendingRequest(String owner, String contact);

    /** The owners that have at least one roster item or pending request. */
    Set<String> owners();
}
