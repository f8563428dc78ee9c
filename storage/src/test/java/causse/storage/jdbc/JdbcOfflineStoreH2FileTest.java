package causse.storage.jdbc;

import causse.storage.OfflineStore;
import causse.storage.OfflineStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcOfflineStoreH2FileTest extends JdbcAccountOwnedStoreTest<OfflineStore> implements OfflineStoreContract {
    JdbcOfflineStoreH2FileTest(@TempDir Path dir) {
        super(h2File(dir), JdbcOfflineStore::new);
    }
}
