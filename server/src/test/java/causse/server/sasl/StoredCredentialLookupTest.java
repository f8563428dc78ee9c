package causse.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import causse.storage.Account;
import causse.storage.AccountStore;
import causse.storage.ScramCredential;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StoredCredentialLookupTest {
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> callingThreads = new ConcurrentHashMap<>();

    /** Only find() is used by the lookup. */
    private final AccountStore store = new AccountStore() {
        @Override
        public boolean create(String jid, List<ScramCredential> credentials) {
            return accounts.putIfAbsent(jid, new Account(jid, Instant.now(), credentials)) == null;
        }

        @Override
        public Optional<Account> find(String jid) {
            callingThreads.put(jid, Thread.currentThread().getName());
            return Optional.ofNullable(accounts.get(jid));
        }

        @Override
        public boolean updateCredentials(String jid, List<ScramCredential> credentials) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String jid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean requestRemoval(String jid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> removalRequests() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(String domain) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void findsTheCredentialOnTheStorageExecutor() throws Exception {
        List<ScramCredential> credentials = new ScramCredentials(new SecureRandom(), 4096).derive("pencil");
        store.create("user@example.com", credentials);
        ExecutorService storage = Executors.newSingleThreadExecutor(r -> new Thread(r, "storage-1"));
        try {
            StoredCredentialLookup lookup = new StoredCredentialLookup(store, storage);
            assertThat(lookup.find("example.com", "user", "SCRAM-SHA-256").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .contains(credentials.get(1));
            assertThat(callingThreads).containsEntry("user@example.com", "storage-1");
            assertThat(lookup.find("example.com", "user", "SCRAM-SHA-512").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(lookup.find("example.com", "nobody", "SCRAM-SHA-256").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEmpty();
        } finally {
            storage.shutdownNow();
        }
    }

    @Test
    void rejectedTaskFailsTheStage() {
        StoredCredentialLookup lookup = new StoredCredentialLookup(store, task -> {
            throw new RejectedExecutionException("full");
        });
        CompletableFuture<Optional<ScramCredential>> stage =
                lookup.find("example.com", "user", "SCRAM-SHA-256").toCompletableFuture();
        assertThat(stage).isCompletedExceptionally();
    }
}
