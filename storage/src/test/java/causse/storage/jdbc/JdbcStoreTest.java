package causse.storage.jdbc;

import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;

/**
 * A JDBC store under its contract, on a database of its own: a subclass passes the URL ({@link #h2Memory()} or
 * {@link #h2File(Path)}) and how to build the store, and implements the store's contract.
 *
 * @param <S> the store under test
 */
abstract class JdbcStoreTest<S> {
    private final Database db;
    private final S store;

    // Opened here, not in @BeforeEach: a contract's @BeforeEach, which may use the store, runs first.
    JdbcStoreTest(String url, Function<Database, S> newStore) {
        db = Database.open(url, "sa", "");
        store = newStore.apply(db);
    }

    /** A named in-memory database, which lives as long as one connection to it: the pool keeps it open. */
    static String h2Memory() {
        return "jdbc:h2:mem:" + UUID.randomUUID();
    }

    /** A database file in {@code dir}, with the URL the server will use. */
    static String h2File(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath() + "/causse";
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The database under the store, for what the contract cannot see (query plans, raw rows). */
    Database db() {
        return db;
    }

    public S store() {
        return store;
    }
}
