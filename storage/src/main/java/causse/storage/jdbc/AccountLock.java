package causse.storage.jdbc;

import causse.storage.StorageException;
import java.sql.SQLException;

/**
 * The lock that serialises the writes to one account's data: a write transaction first locks the account's row,
 * so that a check and the change it allows (the offline limit, "not blocked yet", the next roster version) see no
 * concurrent change of the same owner in between, and an account being deleted waits for it (or it for the
 * delete). It also settles the race of two first inserts, which a per-table lock could not, as there is no row to
 * lock yet.
 */
final class AccountLock {
    private AccountLock() {
    }

    /** Locks the owner's account row until the transaction ends; false when there is no such account. */
    static boolean lock(Transaction tx, String owner) throws SQLException {
        return tx.queryOne("SELECT jid FROM accounts WHERE jid = ? FOR UPDATE", r -> r.getString(1), owner)
                .isPresent();
    }

    /**
     * Locks the owner's account row until the transaction ends.
     *
     * @throws StorageException when there is no such account: data can only be kept for an account
     */
    static void lockExisting(Transaction tx, String owner) throws SQLException {
        if (!lock(tx, owner)) {
            throw new StorageException("no account " + owner);
        }
    }
}
