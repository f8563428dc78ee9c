package causse.server.sasl;

import causse.storage.ScramCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A storage double: credentials in a map, every lookup recorded. */
final class MapCredentialLookup implements CredentialLookup {
    private final Map<String, ScramCredential> credentials = new ConcurrentHashMap<>();
    final List<String> lookups = new CopyOnWriteArrayList<>();

    MapCredentialLookup put(String domain, String username, ScramCredential credential) {
        credentials.put(key(domain, username, credential.mechanism()), credential);
        return this;
    }

    MapCredentialLookup putAll(String domain, String username, List<ScramCredential> list) {
        list.forEach(c -> put(domain, username, c));
        return this;
    }

    @Override
    public CompletionStage<Optional<ScramCredential>> find(String domain, String username, String mechanism) {
        String key = key(domain, username, mechanism);
        lookups.add(key);
        return CompletableFuture.completedFuture(Optional.ofNullable(credentials.get(key)));
    }

    private static String key(String domain, String username, String mechanism) {
        return username + "@" + domain + " " + mechanism;
    }
}
