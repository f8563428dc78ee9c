package causse.storage.memory;

import causse.storage.RosterStore;
import causse.storage.RosterStoreContract;

class MemoryRosterStoreTest extends MemoryAccountOwnedStoreTest<RosterStore> implements RosterStoreContract {
    MemoryRosterStoreTest() {
        super(new MemoryRosterStore());
    }
}
