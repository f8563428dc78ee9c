package causse.storage.memory;

import causse.storage.AccountStore;
import causse.storage.RosterStore;
import causse.storage.RosterStoreContract;

class MemoryRosterStoreTest implements RosterStoreContract {
    private final RosterStore store = new MemoryRosterStore();
    private final AccountStore accounts = new MemoryAccountStore();

    @Override
    public RosterStore store() {
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
