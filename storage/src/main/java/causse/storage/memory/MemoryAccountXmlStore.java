package causse.storage.memory;

import causse.storage.AccountXmlStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link AccountXmlStore} in a concurrent map, for unit tests of protocol code; the same contract test runs on it
 * and on the JDBC store. It knows no accounts.
 */
public final class MemoryAccountXmlStore implements AccountXmlStore {
    private final ConcurrentMap<Key, String> documents = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String owner, String kind, String key) {
        return Optional.ofNullable(documents.get(new Key(owner, kind, key)));
    }

    @Override
    public void put(String owner, String kind, String key, String xml) {
        if (kind.length() > MAX_KIND_LENGTH || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("kind or key too long (at most " + MAX_KIND_LENGTH + " and "
                    + MAX_KEY_LENGTH + " chars): " + kind.length() + ", " + key.length());
        }
        documents.put(new Key(owner, kind, key), Objects.requireNonNull(xml, "xml"));
    }

    @Override
    public boolean delete(String owner, String kind, String key) {
        return documents.remove(new Key(owner, kind, key)) != null;
    }

    private record Key(String owner, String kind, String key) {
        Key {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
        }
    }
}
