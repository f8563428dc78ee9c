package causse.storage.jdbc;

import causse.storage.AccountXmlStore;
import causse.storage.AccountXmlStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcAccountXmlStoreH2FileTest extends JdbcAccountOwnedStoreTest<AccountXmlStore> implements AccountXmlStoreContract {
    JdbcAccountXmlStoreH2FileTest(@TempDir Path dir) {
        super(h2File(dir), JdbcAccountXmlStore::new);
    }
}
