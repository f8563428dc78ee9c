package causse.storage.jdbc;

import causse.storage.AccountOwnedStoreContract;
import causse.storage.AccountStore;
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
abstract class JdbcAccountOwnedStoreTest<S> implements AccountOwnedStoreContract<S> {
    private final Database db;
    private final S store;
    private final AccountStore accounts;

    // Opened here, not in @BeforeEach: the contract's @BeforeEach, which creates the owners, runs first.
    JdbcAccountOwnedStoreTest(String url, Function<Database, S> newStore) {
        db = Database.open(url, "sa", "");
        store = newStore.apply(db);
        accounts = new JdbcAccountStore(db);
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

    @Override
    public S store() {
        return store;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }
}
