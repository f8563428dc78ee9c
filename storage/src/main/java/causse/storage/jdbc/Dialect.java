package causse.storage.jdbc;

import causse.storage.StorageException;
import java.util.Locale;

/**
 * The few places where the SQL of the supported databases differs. Migrations are written in portable SQL
 * and name the differing types with placeholders, e.g. {@code ${binary}}, which {@link #expand} fills in.
 */
public enum Dialect {
    H2("jdbc:h2:", "BINARY VARYING"),
    POSTGRESQL("jdbc:postgresql:", "BYTEA");

    private final String urlPrefix;
    private final String binaryType;

    Dialect(String urlPrefix, String binaryType) {
        this.urlPrefix = urlPrefix;
        this.binaryType = binaryType;
    }

    /** The dialect of a JDBC URL, from its subprotocol. */
    public static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (url.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        throw new StorageException("unsupported JDBC URL (expected jdbc:h2: or jdbc:postgresql:): " + jdbcUrl);
    }

    /** A variable-length byte string of no declared size (salts, keys). */
    public String binaryType() {
        return binaryType;
    }

    /** Replaces the type placeholders of a migration script; a placeholder left unknown is a bug in the script. */
    String expand(String sql) {
        String expanded = sql.replace("${binary}", binaryType);
        if (expanded.contains("${")) {
            throw new StorageException("unknown placeholder in migration SQL: " + expanded);
        }
        return expanded;
    }
}
