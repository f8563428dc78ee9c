package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.OfflineStore;
import causse.storage.OfflineStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class JdbcOfflineStoreH2MemoryTest implements OfflineStoreContract {
    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
    private final OfflineStore store = new JdbcOfflineStore(db);
    private final AccountStore accounts = new JdbcAccountStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public OfflineStore store() {
        return store;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }
}
