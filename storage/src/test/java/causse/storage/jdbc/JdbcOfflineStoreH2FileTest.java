package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.OfflineStore;
import causse.storage.OfflineStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcOfflineStoreH2FileTest implements OfflineStoreContract {
    private final Database db;
    private final OfflineStore store;
    private final AccountStore accounts;

    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    JdbcOfflineStoreH2FileTest(@TempDir Path dir) {
        db = Database.open("jdbc:h2:file:" + dir.toAbsolutePath() + "/causse", "sa", "");
        store = new JdbcOfflineStore(db);
        accounts = new JdbcAccountStore(db);
    }

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
