package causse.storage.jdbc;

import causse.storage.AccountXmlStore;
import causse.storage.StorageException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AccountXmlStore} on the {@code account_xml} table (migration V2). A put throws {@link StorageException}
 * when the owner has no account.
 */
public final class JdbcAccountXmlStore implements AccountXmlStore {
    private final Database db;

    public JdbcAccountXmlStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<String> get(String owner, String kind, String key) {
        return db.queryOne("SELECT doc FROM account_xml WHERE owner = ? AND kind = ? AND doc_key = ?",
                r -> r.getString(1), owner, kind, key);
    }

    @Override
    public void put(String owner, String kind, String key, String xml) {
        requireShort(kind, key);
        Objects.requireNonNull(xml, "xml");
        db.inTransaction(tx -> {
            // The account lock makes update-else-insert safe against a concurrent first put of the same key,
            // without an upsert statement, whose syntax H2 and PostgreSQL do not share.
            AccountLock.lockExisting(tx, owner);
            if (tx.update("UPDATE account_xml SET doc = ? WHERE owner = ? AND kind = ? AND doc_key = ?",
                    xml, owner, kind, key) == 0) {
                tx.update("INSERT INTO account_xml (owner, kind, doc_key, doc) VALUES (?, ?, ?, ?)",
                        owner, kind, key, xml);
            }
            return null;
        });
    }

    @Override
    public boolean delete(String owner, String kind, String key) {
        return db.update("DELETE FROM account_xml WHERE owner = ? AND kind = ? AND doc_key = ?", owner, kind, key) > 0;
    }

    private static void requireShort(String kind, String key) {
        if (kind.length() > MAX_KIND_LENGTH || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("kind or key too long (at most " + MAX_KIND_LENGTH + " and "
                    + MAX_KEY_LENGTH + " chars): " + kind.length() + ", " + key.length());
        }
    }
}
