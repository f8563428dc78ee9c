package causse.storage.jdbc;

import causse.storage.RosterStore;
import causse.storage.RosterStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcRosterStoreH2FileTest extends JdbcAccountOwnedStoreTest<RosterStore> implements RosterStoreContract {
    JdbcRosterStoreH2FileTest(@TempDir Path dir) {
        super(h2File(dir), JdbcRosterStore::new);
    }
}
