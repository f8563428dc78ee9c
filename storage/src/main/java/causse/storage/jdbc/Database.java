package causse.storage.jdbc;

import causse.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of connections to one database whose schema is up to date, and the one place that knows how to run a
 * transaction: stores hand it a {@link TransactionBody} and never see commit, rollback or
 * {@link SQLException}, which arrives as {@link StorageException}.
 *
 * <p>For the embedded server the URL is {@code jdbc:h2:file:<absolute path>/causse;AUTO_SERVER=TRUE}: the first
 * process to open the file serves it to the others over TCP, so that {@code causse adduser} works while the server
 * runs.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_CONNECTIONS = 16;
    private static final long CONNECTION_WAIT_SECONDS = 30;
    /**
     * Parsed statements each H2 session keeps, by SQL text. H2's default of 8 is fewer than the distinct statements
     * one login runs, and a least-recently-used cache visited in a cycle longer than itself never hits.
     */
    private static final int STATEMENT_CACHE_SIZE = 64;

    private final ConnectionPool pool;
    private final Dialect dialect;
    private final String url;

    private Database(ConnectionPool pool, Dialect dialect, String url) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
    }

    /**
     * Opens a pool on {@code jdbcUrl} and brings the schema up to date (see {@link SchemaMigrator}).
     *
     * @throws StorageException when the database cannot be reached, a migration fails, or its schema is newer than
     *                          this code knows; no connection is left open then
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        if (dialect != Dialect.H2) {
            // The dialect already knows PostgreSQL's types; its pool comes with the PostgreSQL issue.
            throw new StorageException("only H2 is supported for now, not " + jdbcUrl);
        }
        jdbcUrl = withStatementCache(durable(jdbcUrl));
        ConnectionPool pool = new ConnectionPool(jdbcUrl, user, password, MAX_CONNECTIONS, CONNECTION_WAIT_SECONDS,
                TimeUnit.SECONDS);
        Database db = new Database(pool, dialect, jdbcUrl);
        try {
            new SchemaMigrator(db).migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * An H2 file database as the server needs it, unless the URL says otherwise: {@code WRITE_DELAY=0} writes each
     * commit to the file before the commit returns. H2's default writes up to half a second later, and a killed
     * process would lose what it had acknowledged meanwhile (an item whose publish was answered, a stored message).
     */
    static String durable(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:mem:") ? jdbcUrl : withH2Default(jdbcUrl, "WRITE_DELAY", "0");
    }

    /** An H2 URL with room for {@link #STATEMENT_CACHE_SIZE} parsed statements per session, unless it says otherwise. */
    static String withStatementCache(String jdbcUrl) {
        return withH2Default(jdbcUrl, "QUERY_CACHE_SIZE", Integer.toString(STATEMENT_CACHE_SIZE));
    }

    /** {@code jdbcUrl} with {@code ;setting=value} appended if it is an H2 URL that does not set it already. */
    private static String withH2Default(String jdbcUrl, String setting, String value) {
        if (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.toUpperCase(Locale.ROOT).contains(";" + setting + "=")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";" + setting + "=" + value;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code body} in one transaction: commits when it returns, rolls back when it throws anything.
     *
     * @throws StorageException wrapping the {@link SQLException} of the body, of the commit or of the connection
     */
    public <T> T inTransaction(TransactionBody<T> body) {
        Connection connection;
        try {
            connection = pool.take();
        } catch (SQLException e) {
            throw wrap(e);
        }
        boolean reusable = false;
        try {
            connection.setAutoCommit(false);
            try {
                T result = body.run(new Transaction(connection));
                connection.commit();
                reusable = true;
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                reusable = rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw wrap(e);
        } finally {
            pool.giveBack(connection, reusable);
        }
    }

    /**
     * Runs {@code body} in one transaction like {@link #inTransaction} and answers true; answers false, with the
     * transaction rolled back, when the body breaks a unique or primary key. That is how the database settles a
     * race between two inserts of the same key: the losers get false.
     */
    public boolean inTransactionUnlessDuplicate(TransactionBody<?> body) {
        try {
            inTransaction(body);
            return true;
        } catch (StorageException e) {
            if (e.isDuplicateKey()) {
                return false;
            }
            throw e;
        }
    }

    /** A single query in its own transaction; see {@link Transaction#query}. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return inTransaction(tx -> tx.query(sql, mapper, params));
    }

    /** A single query in its own transaction; see {@link Transaction#queryOne}. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return inTransaction(tx -> tx.queryOne(sql, mapper, params));
    }

    /** A single INSERT, UPDATE or DELETE in its own transaction; returns the number of rows it touched. */
    public int update(String sql, Object... params) {
        return inTransaction(tx -> tx.update(sql, params));
    }

    /**
     * Closes the pool. With H2 the database file is closed (and written out cleanly) when its last connection
     * closes, so connections still borrowed here keep it open; they are logged. Calling it again does nothing.
     */
    @Override
    public void close() {
        int lent = pool.lent();
        if (lent > 0) {
            LOG.warn("closing {} with {} connection(s) still in use", url, lent);
        }
        pool.close();
    }

    private static StorageException wrap(SQLException e) {
        return new StorageException("database error (" + e.getSQLState() + "): " + e.getMessage(), e);
    }

    /** Rolls back after {@code cause}; answers whether that worked, so that the connection can be used again. */
    private static boolean rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }
}
