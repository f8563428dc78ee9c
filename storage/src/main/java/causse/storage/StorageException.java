package causse.storage;

import java.sql.SQLException;

/**
 * A store could not do its work (the database is unreachable, a statement failed, the schema is not one this
 * code knows). Unchecked: callers cannot repair it where it is thrown, and the store interfaces stay free of
 * JDBC types.
 */
public class StorageException extends RuntimeException {
    /** SQLSTATE of a unique or primary key violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when the cause is a unique or primary key violation: stores turn it into a "already exists" answer,
     * which is how a race between two inserts of the same key is settled by the database itself.
     */
    public boolean isDuplicateKey() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException e && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
