package causse.storage.jdbc;

import causse.storage.RosterStore;
import causse.storage.RosterStoreContract;

class JdbcRosterStoreH2MemoryTest extends JdbcAccountOwnedStoreTest<RosterStore> implements RosterStoreContract {
    JdbcRosterStoreH2MemoryTest() {
        super(h2Memory(), JdbcRosterStore::new);
    }
}
