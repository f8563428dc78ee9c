package causse.storage.jdbc;

import causse.storage.StorageException;
import java.util.Locale;

/**
 * The few places where the SQL of the supported databases differs. Migrations are written in portable SQL
 * and name the differing types with placeholders, {@code ${binary}} and {@code ${text}}, which {@link #expand}
 * fills in.
 */
public enum Dialect {
    // H2's VARCHAR stops at 1,000,000 chars, which a vCard with its avatar may pass: H2's text is the CLOB.
    H2("jdbc:h2:", "BINARY VARYING", "CHARACTER LARGE OBJECT"),
    POSTGRESQL("jdbc:postgresql:", "BYTEA", "TEXT");

    private final String urlPrefix;
    private final String binaryType;
    private final String textType;

    Dialect(String urlPrefix, String binaryType, String textType) {
        this.urlPrefix = urlPrefix;
        this.binaryType = binaryType;
        this.textType = textType;
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

    /**
     * Character data of no declared size (stanzas, XML documents), bound and read as a {@code String} like any
     * VARCHAR.
     */
    public String textType() {
        return textType;
    }

    /** Replaces the type placeholders of a migration script; a placeholder left unknown is a bug in the script. */
    String expand(String sql) {
        String expanded = sql.replace("${binary}", binaryType).replace("${text}", textType);
        if (expanded.contains("${")) {
            throw new StorageException("unknown placeholder in migration SQL: " + expanded);
        }
        return expanded;
    }
}
