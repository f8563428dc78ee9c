package causse.storage.jdbc;

import causse.storage.AccountOwnedStoreContract;
import causse.storage.AccountStore;
import java.util.function.Function;

/**
 * A JDBC store of account data under its contract: {@link JdbcStoreTest} with the account store of the same
 * database.
 *
 * @param <S> the store under test
 */
abstract class JdbcAccountOwnedStoreTest<S> extends JdbcStoreTest<S> implements AccountOwnedStoreContract<S> {
    private final AccountStore accounts;

    JdbcAccountOwnedStoreTest(String url, Function<Database, S> newStore) {
        super(url, newStore);
        accounts = new JdbcAccountStore(db());
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }
}
