package causse.server.modules.offline;

import causse.server.config.CausseConfig;
import causse.storage.jdbc.Database;
import causse.storage.jdbc.JdbcOfflineStore;
import java.nio.file.Files;
import java.util.HexFormat;

/**
 * Reads a test server's offline store from the outside, through the embedded database's AUTO_SERVER mode,
 * so tests can wait for a store or a delete to be committed instead of sleeping.
 */
final class OfflineStorageProbe implements AutoCloseable {
    private final Database database;
    private final JdbcOfflineStore store;

    OfflineStorageProbe(CausseConfig config) throws Exception {
        String password = HexFormat.of().formatHex(Files.readAllBytes(config.dataDir().resolve("db-password")));
        database = Database.open(config.jdbcUrl(), "causse", password);
        store = new JdbcOfflineStore(database);
    }

    int count(String owner) {
        return store.count(owner);
    }

    @Override
    public void close() {
        database.close();
    }
}
