package causse.storage.jdbc;

import causse.storage.AccountXmlStore;
import causse.storage.AccountXmlStoreContract;

class JdbcAccountXmlStoreH2MemoryTest extends JdbcAccountOwnedStoreTest<AccountXmlStore> implements AccountXmlStoreContract {
    JdbcAccountXmlStoreH2MemoryTest() {
        super(h2Memory(), JdbcAccountXmlStore::new);
    }
}
