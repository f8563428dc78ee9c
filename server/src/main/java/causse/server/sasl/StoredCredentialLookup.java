package causse.server.sasl;

import causse.storage.AccountStore;
import causse.storage.ScramCredential;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Credentials from the {@link AccountStore}, whose blocking calls run on the storage executor. */
public final class StoredCredentialLookup implements CredentialLookup {
    private final AccountStore accounts;
    private final Executor storage;

    public StoredCredentialLookup(AccountStore accounts, Executor storage) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    @Override
    public CompletionStage<Optional<ScramCredential>> find(String domain, String username, String mechanism) {
        String jid = username + "@" + domain;
        // A saturated executor rejects the task: that must fail the stage, not throw at the caller.
        return CompletableFuture.completedFuture(jid)
                .thenApplyAsync(j -> accounts.credential(j, mechanism), storage);
    }
}
