package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.BlockListStore;
import causse.storage.BlockListStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcBlockListStoreH2FileTest implements BlockListStoreContract {
    private final Database db;
    private final BlockListStore store;
    private final AccountStore accounts;

    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    JdbcBlockListStoreH2FileTest(@TempDir Path dir) {
        db = Database.open("jdbc:h2:file:" + dir.toAbsolutePath() + "/causse", "sa", "");
        store = new JdbcBlockListStore(db);
        accounts = new JdbcAccountStore(db);
    }

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
