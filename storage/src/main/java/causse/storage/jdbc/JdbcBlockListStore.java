package causse.storage.jdbc;

import causse.storage.BlockListStore;
import causse.storage.StorageException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link BlockListStore} on the {@code blocked_jids} table (migration V2). Changes lock the owner's account row
 * (see {@link AccountLock}), so that what they report as added or removed is exact under concurrent changes;
 * blocking throws {@link StorageException} when the owner has no account.
 */
public final class JdbcBlockListStore implements BlockListStore {
    private final Database db;

    public JdbcBlockListStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public List<String> blocked(String owner) {
        // Sorted here rather than by ORDER BY: database collations differ, and every store must give String's order.
        return db.query("SELECT jid FROM blocked_jids WHERE owner = ?", r -> r.getString(1), owner)
                .stream().sorted().toList();
    }

    @Override
    public Set<String> owners() {
        return Set.copyOf(db.query("SELECT DISTINCT owner FROM blocked_jids", r -> r.getString(1)));
    }

    @Override
    public boolean isBlocked(String owner, String jid) {
        return db.queryOne("SELECT 1 FROM blocked_jids WHERE owner = ? AND jid = ?", r -> r.getInt(1), owner, jid)
                .isPresent();
    }

    @Override
    public List<String> block(String owner, Collection<String> jids) {
        TreeSet<String> requested = new TreeSet<>(jids);
        if (requested.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(tx -> {
            AccountLock.lockExisting(tx, owner);
            requested.removeAll(blockedIn(tx, owner));
            tx.batch("INSERT INTO blocked_jids (owner, jid) VALUES (?, ?)",
                    requested.stream().map(jid -> new Object[] {owner, jid}).toList());
            return List.copyOf(requested);
        });
    }

    @Override
    public List<String> unblock(String owner, Collection<String> jids) {
        TreeSet<String> requested = new TreeSet<>(jids);
        if (requested.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(tx -> {
            if (!AccountLock.lock(tx, owner)) {
                return List.of();
            }
            requested.retainAll(blockedIn(tx, owner));
            tx.batch("DELETE FROM blocked_jids WHERE owner = ? AND jid = ?",
                    requested.stream().map(jid -> new Object[] {owner, jid}).toList());
            return List.copyOf(requested);
        });
    }

    @Override
    public List<String> unblockAll(String owner) {
        return db.inTransaction(tx -> {
            if (!AccountLock.lock(tx, owner)) {
                return List.of();
            }
            List<String> removed = blockedIn(tx, owner).stream().sorted().toList();
            tx.update("DELETE FROM blocked_jids WHERE owner = ?", owner);
            return removed;
        });
    }

    private static Set<String> blockedIn(Transaction tx, String owner) throws SQLException {
        return new HashSet<>(tx.query("SELECT jid FROM blocked_jids WHERE owner = ?", r -> r.getString(1), owner));
    }
}
