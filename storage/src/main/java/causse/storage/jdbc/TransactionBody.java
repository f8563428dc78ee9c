package causse.storage.jdbc;

import java.sql.SQLException;

/** Work done inside one transaction; it may throw {@link SQLException}, which rolls the transaction back. */
@FunctionalInterface
public interface TransactionBody<T> {
    T run(Transaction tx) throws SQLException;
}
