package causse.storage;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Messages kept for owners who were offline (XEP-0160), as stanza XML text. Calls block: run them on the
 * storage executor.
 */
public interface OfflineStore {
    /**
     * Appends a message unless the owner already has {@code limit} stored; true when stored. Atomic against
     * concurrent stores for the same owner (never more than {@code limit}). Committed before it returns.
     * {@code stored} is kept to the microsecond.
     */
    boolean store(String owner, String stanzaXml, Instant stored, int limit);

    /** The owner's messages, oldest first (by id). */
    List<OfflineMessage> messages(String owner);

    int count(String owner);

    /** The owners that have at least one message stored. */
    Set<String> owners();

    /** Deletes the owner's messages with these ids (once delivered); ids of other owners are left alone. */
    void delete(String owner, List<Long> ids);

    /** Deletes every message stored strictly before {@code cutoff} (expiry); returns how many. */
    int deleteOlderThan(Instant cutoff);
}
