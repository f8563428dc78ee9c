package causse.storage.jdbc;

import causse.storage.BlockListStore;
import causse.storage.BlockListStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcBlockListStoreH2FileTest extends JdbcAccountOwnedStoreTest<BlockListStore> implements BlockListStoreContract {
    JdbcBlockListStoreH2FileTest(@TempDir Path dir) {
        super(h2File(dir), JdbcBlockListStore::new);
    }
}
