package causse.storage;

import java.util.Optional;

/**
 * Small per-account XML documents, as text: vCard-temp (XEP-0054: kind {@code "vcard"}, key {@code ""}) and
 * private XML storage (XEP-0049: kind {@code "private"}, key {@code "{namespace}name"} of the stored element).
 * A document may be large (a vCard with its avatar, about 1 MiB). Calls block: run them on the storage executor.
 */
public interface AccountXmlStore {
    /** The longest kind a store keeps, in UTF-16 chars. */
    int MAX_KIND_LENGTH = 64;
    /** The longest key a store keeps, in UTF-16 chars; a module refuses longer ones before calling the store. */
    int MAX_KEY_LENGTH = 1023;

    Optional<String> get(String owner, String kind, String key);

    /**
     * Inserts or replaces the document.
     *
     * @throws IllegalArgumentException when kind or key is longer than its maximum
     */
    void put(String owner, String kind, String key, String xml);

    /** Deletes the document; false when there was none. */
    boolean delete(String owner, String kind, String key);
}
