package causse.storage.memory;

import causse.storage.BlockListStore;
import causse.storage.BlockListStoreContract;

class MemoryBlockListStoreTest extends MemoryAccountOwnedStoreTest<BlockListStore> implements BlockListStoreContract {
    MemoryBlockListStoreTest() {
        super(new MemoryBlockListStore());
    }
}
