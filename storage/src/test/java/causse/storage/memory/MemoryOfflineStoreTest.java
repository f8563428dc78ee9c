package causse.storage.memory;

import causse.storage.AccountStore;
import causse.storage.OfflineStore;
import causse.storage.OfflineStoreContract;

class MemoryOfflineStoreTest implements OfflineStoreContract {
    private final OfflineStore store = new MemoryOfflineStore();
    private final AccountStore accounts = new MemoryAccountStore();

    @Override
    public OfflineStore store() {
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
