package causse.storage.memory;

import causse.storage.AccountOwnedStoreContract;
import causse.storage.AccountStore;

/**
 * A memory store under its contract: a subclass passes a fresh store and implements the store's contract.
 *
 * @param <S> the store under test
 */
abstract class MemoryAccountOwnedStoreTest<S> implements AccountOwnedStoreContract<S> {
    private final S store;
    private final AccountStore accounts = new MemoryAccountStore();

    MemoryAccountOwnedStoreTest(S store) {
        this.store = store;
    }

    @Override
    public S store() {
        return store;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    /** The memory stores know no accounts: nothing links this store to {@link #accounts()}. */
    @Override
    public boolean accountDeletionCascades() {
        return false;
    }
}
