package causse.storage.jdbc;

import causse.storage.OfflineMessage;
import causse.storage.OfflineStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link OfflineStore} on the {@code offline_messages} table (migration V2). A store locks the owner's account
 * row (see {@link AccountLock}) so that its count and insert are one step for concurrent stores; for an owner
 * without an account it stores nothing and answers false, which the caller treats like a full store.
 */
public final class JdbcOfflineStore implements OfflineStore {
    private final Database db;

    public JdbcOfflineStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean store(String owner, String stanzaXml, Instant stored, int limit) {
        Objects.requireNonNull(stanzaXml, "stanzaXml");
        Instant storedAt = Micros.kept(stored);
        return db.inTransaction(tx -> {
            if (!AccountLock.lock(tx, owner) || count(tx, owner) >= limit) {
                return false;
            }
            tx.update("INSERT INTO offline_messages (owner, stored_at, stanza) VALUES (?, ?, ?)",
                    owner, storedAt, stanzaXml);
            return true;
        });
    }

    @Override
    public List<OfflineMessage> messages(String owner) {
        return db.query("SELECT id, stored_at, stanza FROM offline_messages WHERE owner = ? ORDER BY id",
                r -> new OfflineMessage(r.getLong("id"), Transaction.instant(r, "stored_at"), r.getString("stanza")),
                owner);
    }

    @Override
    public int count(String owner) {
        return db.inTransaction(tx -> count(tx, owner));
    }

    @Override
    public Set<String> owners() {
        return Set.copyOf(db.query("SELECT DISTINCT owner FROM offline_messages", r -> r.getString(1)));
    }

    @Override
    public void delete(String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.inTransaction(tx -> {
            tx.batch("DELETE FROM offline_messages WHERE owner = ? AND id = ?",
                    ids.stream().map(id -> new Object[] {owner, id}).toList());
            return null;
        });
    }

    @Override
    public int deleteOlderThan(Instant cutoff) {
        return db.update("DELETE FROM offline_messages WHERE stored_at < ?", Micros.cutoff(cutoff));
    }

    private static int count(Transaction tx, String owner) throws SQLException {
        return tx.queryOne("SELECT COUNT(*) FROM offline_messages WHERE owner = ?", r -> r.getInt(1), owner)
                .orElse(0);
    }
}
