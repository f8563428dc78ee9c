package causse.storage.jdbc;

import causse.storage.BlockListStore;
import causse.storage.BlockListStoreContract;

class JdbcBlockListStoreH2MemoryTest extends JdbcAccountOwnedStoreTest<BlockListStore> implements BlockListStoreContract {
    JdbcBlockListStoreH2MemoryTest() {
        super(h2Memory(), JdbcBlockListStore::new);
    }
}
