package causse.storage.memory;

import causse.storage.AccountXmlStore;
import causse.storage.AccountXmlStoreContract;

class MemoryAccountXmlStoreTest extends MemoryAccountOwnedStoreTest<AccountXmlStore> implements AccountXmlStoreContract {
    MemoryAccountXmlStoreTest() {
        super(new MemoryAccountXmlStore());
    }
}
