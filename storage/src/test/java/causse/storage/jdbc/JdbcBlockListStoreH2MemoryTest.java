package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.BlockListStore;
import causse.storage.BlockListStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class JdbcBlockListStoreH2MemoryTest implements BlockListStoreContract {
    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
    private final BlockListStore store = new JdbcBlockListStore(db);
    private final AccountStore accounts = new JdbcAccountStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public BlockListStore store() {
        return store;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }
}
