package causse.storage.memory;

import causse.storage.AccountStore;
import causse.storage.AccountXmlStore;
import causse.storage.AccountXmlStoreContract;

class MemoryAccountXmlStoreTest implements AccountXmlStoreContract {
    private final AccountXmlStore store = new MemoryAccountXmlStore();
    private final AccountStore accounts = new MemoryAccountStore();

    @Override
    public AccountXmlStore store() {
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
