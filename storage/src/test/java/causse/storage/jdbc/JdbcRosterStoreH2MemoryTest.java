package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.RosterStore;
import causse.storage.RosterStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class JdbcRosterStoreH2MemoryTest implements RosterStoreContract {
    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
    private final RosterStore store = new JdbcRosterStore(db);
    private final AccountStore accounts = new JdbcAccountStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public RosterStore store() {
        return store;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }
}
