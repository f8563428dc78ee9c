package causse.storage.jdbc;

import causse.storage.OfflineStore;
import causse.storage.OfflineStoreContract;

class JdbcOfflineStoreH2MemoryTest extends JdbcAccountOwnedStoreTest<OfflineStore> implements OfflineStoreContract {
    JdbcOfflineStoreH2MemoryTest() {
        super(h2Memory(), JdbcOfflineStore::new);
    }
}
