package causse.storage.memory;

import causse.storage.AccountStore;
import causse.storage.BlockListStore;
import causse.storage.BlockListStoreContract;

class MemoryBlockListStoreTest implements BlockListStoreContract {
    private final BlockListStore store = new MemoryBlockListStore();
    private final AccountStore accounts = new MemoryAccountStore();

    @Override
    public BlockListStore store() {
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
