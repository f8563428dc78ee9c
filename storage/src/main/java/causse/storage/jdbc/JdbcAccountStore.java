package causse.storage.jdbc;

import causse.storage.Account;
import causse.storage.AccountStore;
import causse.storage.ScramCredential;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link AccountStore} on the {@code accounts} and {@code scram_credentials} tables (migration V1). */
public final class JdbcAccountStore implements AccountStore {
    private static final String INSERT_CREDENTIAL = "INSERT INTO scram_credentials"
            + " (jid, mechanism, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?, ?)";

    private final Database db;
    private final Clock clock;

    public JdbcAccountStore(Database db) {
        this(db, Clock.systemUTC());
    }

    public JdbcAccountStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean create(String jid, List<ScramCredential> credentials) {
        String domain = Account.domainOf(jid);
        requireDistinctMechanisms(credentials);
        // Microseconds: what both H2 and PostgreSQL keep, so find() returns exactly what was written.
        Instant created = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // The primary key settles concurrent creates of one JID.
        return db.inTransactionUnlessDuplicate(tx -> {
            tx.update("INSERT INTO accounts (jid, domain, created_at) VALUES (?, ?, ?)", jid, domain, created);
            insertCredentials(tx, jid, credentials);
            return null;
        });
    }

    @Override
    public Optional<Account> find(String jid) {
        // One statement, so the account and its credentials come from the same committed state.
        List<Row> rows = db.query("SELECT a.created_at, c.mechanism, c.salt, c.iterations, c.stored_key, c.server_key"
                + " FROM accounts a LEFT JOIN scram_credentials c ON c.jid = a.jid"
                + " WHERE a.jid = ? ORDER BY c.mechanism", JdbcAccountStore::row, jid);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<ScramCredential> credentials = rows.stream().map(Row::credential).filter(Objects::nonNull).toList();
        return Optional.of(new Account(jid, rows.get(0).created(), credentials));
    }

    @Override
    public Optional<ScramCredential> credential(String jid, String mechanism) {
        // One table, one primary key: a login's lookup needs neither the account's row nor the join's sort.
        return db.queryOne("SELECT salt, iterations, stored_key, server_key FROM scram_credentials"
                + " WHERE jid = ? AND mechanism = ?", r -> new ScramCredential(mechanism, r.getBytes(1), r.getInt(2),
                r.getBytes(3), r.getBytes(4)), jid, mechanism);
    }

    @Override
    public boolean updateCredentials(String jid, List<ScramCredential> credentials) {
        requireDistinctMechanisms(credentials);
        return db.inTransaction(tx -> {
            // Locking the account row serialises this with a concurrent update or delete of the same account.
            if (tx.queryOne("SELECT jid FROM accounts WHERE jid = ? FOR UPDATE", r -> r.getString(1), jid).isEmpty()) {
                return false;
            }
            tx.update("DELETE FROM scram_credentials WHERE jid = ?", jid);
            insertCredentials(tx, jid, credentials);
            return true;
        });
    }

    @Override
    public boolean delete(String jid) {
        // Its credentials, roster, offline messages... go with it: ON DELETE CASCADE. Its PEP service (XEP-0163)
        // is keyed by the account's JID but pubsub services need not be accounts: deleted here, in the same
        // transaction, so a new account of the same name never inherits the old one's avatar or device lists,
        // nor its affiliations and subscriptions (of any of its resources) on other services' nodes.
        return db.inTransaction(tx -> {
            tx.update("DELETE FROM pubsub_nodes WHERE service = ?", jid);
            tx.update("DELETE FROM pubsub_affiliations WHERE jid = ?", jid);
            tx.update("DELETE FROM pubsub_subscriptions WHERE jid = ? OR SUBSTRING(jid FROM 1 FOR ?) = ?",
                    jid, jid.length() + 1, jid + "/");
            return tx.update("DELETE FROM accounts WHERE jid = ?", jid) > 0;
        });
    }

    @Override
    public boolean requestRemoval(String jid) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return db.inTransaction(tx -> {
            // Locking the account row: a delete running meanwhile waits, or has already taken the row.
            if (tx.queryOne("SELECT jid FROM accounts WHERE jid = ? FOR UPDATE", r -> r.getString(1), jid).isEmpty()) {
                return false;
            }
            if (tx.queryOne("SELECT jid FROM account_removals WHERE jid = ?", r -> r.getString(1), jid).isEmpty()) {
                tx.update("INSERT INTO account_removals (jid, requested_at) VALUES (?, ?)", jid, now);
            }
            return true;
        });
    }

    @Override
    public List<String> removalRequests() {
        // Sorted here, as list() is: collations differ.
        return db.query("SELECT jid FROM account_removals", r -> r.getString(1)).stream().sorted().toList();
    }

    @Override
    public List<String> list(String domain) {
        List<String> jids = domain == null
                ? db.query("SELECT jid FROM accounts", r -> r.getString(1))
                : db.query("SELECT jid FROM accounts WHERE domain = ?", r -> r.getString(1), domain);
        // Sorted here rather than by ORDER BY: database collations differ (PostgreSQL follows the locale), and
        // every store must give the same order, String's.
        return jids.stream().sorted().toList();
    }

    private static void insertCredentials(Transaction tx, String jid, List<ScramCredential> credentials)
            throws SQLException {
        tx.batch(INSERT_CREDENTIAL, credentials.stream()
                .map(c -> new Object[] {jid, c.mechanism(), c.salt(), c.iterations(), c.storedKey(), c.serverKey()})
                .toList());
    }

    /** Two credentials for one mechanism would hit the primary key and read as "account exists": refuse them. */
    private static void requireDistinctMechanisms(List<ScramCredential> credentials) {
        if (!credentials.stream().map(ScramCredential::mechanism).allMatch(new HashSet<String>()::add)) {
            throw new IllegalArgumentException("two credentials for one mechanism: " + credentials);
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        String mechanism = r.getString("mechanism");
        ScramCredential credential = mechanism == null ? null : new ScramCredential(mechanism,
                r.getBytes("salt"), r.getInt("iterations"), r.getBytes("stored_key"), r.getBytes("server_key"));
        return new Row(Transaction.instant(r, "created_at"), credential);
    }

    /** One row of the account/credentials join; {@code credential} is null for an account without any. */
    private record Row(Instant created, ScramCredential credential) {
    }
}
