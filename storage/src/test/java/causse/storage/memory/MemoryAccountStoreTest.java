package causse.storage.memory;

import causse.storage.AccountStore;
import causse.storage.AccountStoreContract;

class MemoryAccountStoreTest implements AccountStoreContract {
    private final AccountStore store = new MemoryAccountStore();

    @Override
    public AccountStore store() {
        return store;
    }
}
