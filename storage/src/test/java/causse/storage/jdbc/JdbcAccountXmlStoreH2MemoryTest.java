package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.AccountXmlStore;
import causse.storage.AccountXmlStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class JdbcAccountXmlStoreH2MemoryTest implements AccountXmlStoreContract {
    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
    private final AccountXmlStore store = new JdbcAccountXmlStore(db);
    private final AccountStore accounts = new JdbcAccountStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public AccountXmlStore store() {
        return store;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }
}
