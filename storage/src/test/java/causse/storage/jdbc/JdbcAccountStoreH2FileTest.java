package causse.storage.jdbc;

import causse.storage.AccountStore;
import causse.storage.AccountStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcAccountStoreH2FileTest implements AccountStoreContract {
    @TempDir
    Path dir;
    private Database db;
    private AccountStore store;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:file:" + dir.toAbsolutePath() + "/causse", "sa", "");
        store = new JdbcAccountStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public AccountStore store() {
        return store;
    }
}
