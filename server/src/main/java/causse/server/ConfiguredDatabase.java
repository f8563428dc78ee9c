package causse.server;

import causse.server.config.CausseConfig;
import causse.storage.jdbc.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Opens the database the configuration names. The embedded H2 file runs in AUTO_SERVER mode so that
 * {@code causse adduser} works while the server holds the file; H2 then listens on a TCP port, so the
 * embedded database gets a generated password kept in the data directory instead of H2's empty default,
 * and the launcher binds that port to loopback ({@code -Dh2.bindAddress}).
 */
final class ConfiguredDatabase {
    static final String EMBEDDED_USER = "causse";

    private ConfiguredDatabase() {
    }

    static Database open(CausseConfig config) {
        if (config.storage().url() != null) {
            return Database.open(config.storage().url(), config.storage().user(), config.storage().password());
        }
        Path dataDir = config.dataDir();
        SecretFile.createDirectories(dataDir);
        String password = HexFormat.of().formatHex(SecretFile.load(dataDir.resolve("db-password"), new SecureRandom()));
        return Database.open(config.jdbcUrl(), EMBEDDED_USER, password);
    }
}
