package causse.storage.memory;

import causse.storage.OfflineStore;
import causse.storage.OfflineStoreContract;

class MemoryOfflineStoreTest extends MemoryAccountOwnedStoreTest<OfflineStore> implements OfflineStoreContract {
    MemoryOfflineStoreTest() {
        super(new MemoryOfflineStore());
    }
}
