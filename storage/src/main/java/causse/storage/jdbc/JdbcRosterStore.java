package causse.storage.jdbc;

import causse.storage.PendingRequest;
import causse.storage.Roster;
import causse.storage.RosterItem;
import causse.storage.RosterStore;
import causse.storage.StorageException;
import causse.storage.Subscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link RosterStore} on the {@code roster_*} tables (migration V2). Writes lock the owner's account row (see
 * {@link AccountLock}); those that add data throw {@link StorageException} when the owner has no account.
 */
public final class JdbcRosterStore implements RosterStore {
    private static final String ITEM_COLUMNS =
            "i.contact, i.name, i.subscription, i.pending_out, i.pending_in, i.approved, g.group_name";
    private static final String JOIN_GROUPS =
            " LEFT JOIN roster_groups g ON g.owner = i.owner AND g.contact = i.contact";

    private final Database db;

    public JdbcRosterStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Roster roster(String owner) {
        // One statement, so that the version and the items come from the same committed state.
        List<VersionedRow> rows = db.query("SELECT v.version, " + ITEM_COLUMNS + " FROM roster_versions v"
                        + " LEFT JOIN roster_items i ON i.owner = v.owner" + JOIN_GROUPS + " WHERE v.owner = ?",
                r -> new VersionedRow(r.getLong("version"), itemRow(r)), owner);
        if (rows.isEmpty()) {
            return new Roster(0, List.of());
        }
        List<ItemRow> itemRows = rows.stream().map(VersionedRow::item).filter(Objects::nonNull).toList();
        return new Roster(rows.get(0).version(), items(itemRows));
    }

    @Override
    public Optional<RosterItem> item(String owner, String contact) {
        List<ItemRow> rows = db.query("SELECT " + ITEM_COLUMNS + " FROM roster_items i" + JOIN_GROUPS
                + " WHERE i.owner = ? AND i.contact = ?", JdbcRosterStore::itemRow, owner, contact);
        return items(rows).stream().findFirst();
    }

    @Override
    public long put(String owner, RosterItem item) {
        Objects.requireNonNull(item, "item");
        return db.inTransaction(tx -> {
            AccountLock.lockExisting(tx, owner);
            // Replaced whole: the old item's groups go with it (ON DELETE CASCADE).
            tx.update("DELETE FROM roster_items WHERE owner = ? AND contact = ?", owner, item.contact());
            tx.update("INSERT INTO roster_items (owner, contact, name, subscription, pending_out, pending_in, approved)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", owner, item.contact(), item.name(),
                    item.subscription().name(), item.pendingOut(), item.pendingIn(), item.approved());
            tx.batch("INSERT INTO roster_groups (owner, contact, group_name) VALUES (?, ?, ?)",
                    item.groups().stream().map(g -> new Object[] {owner, item.contact(), g}).toList());
            return nextVersion(tx, owner);
        });
    }

    @Override
    public long remove(String owner, String contact) {
        return db.inTransaction(tx -> {
            if (!AccountLock.lock(tx, owner)) {
                return 0L;
            }
            if (tx.update("DELETE FROM roster_items WHERE owner = ? AND contact = ?", owner, contact) == 0) {
                return tx.queryOne("SELECT version FROM roster_versions WHERE owner = ?", r -> r.getLong(1), owner)
                        .orElse(0L);
            }
            return nextVersion(tx, owner);
        });
    }

    @Override
    public void savePendingRequest(String owner, String contact, String stanzaXml) {
        Objects.requireNonNull(stanzaXml, "stanzaXml");
        db.inTransaction(tx -> {
            AccountLock.lockExisting(tx, owner);
            // Deleted and inserted rather than updated: the new request takes a new id, hence the last place.
            tx.update("DELETE FROM roster_pending_requests WHERE owner = ? AND contact = ?", owner, contact);
            return tx.update("INSERT INTO roster_pending_requests (owner, contact, stanza) VALUES (?, ?, ?)",
                    owner, contact, stanzaXml);
        });
    }

    @Override
    public List<PendingRequest> pendingRequests(String owner) {
        return db.query("SELECT contact, stanza FROM roster_pending_requests WHERE owner = ? ORDER BY id",
                r -> new PendingRequest(r.getString("contact"), r.getString("stanza")), owner);
    }

    @Override
    public void removePendingRequest(String owner, String contact) {
        db.update("DELETE FROM roster_pending_requests WHERE owner = ? AND contact = ?", owner, contact);
    }

    @Override
    public Set<String> owners() {
        return Set.copyOf(db.query("SELECT owner FROM roster_items UNION SELECT owner FROM roster_pending_requests",
                r -> r.getString(1)));
    }

    /** Moves the owner's version forward; the caller holds the account lock, so no other change interleaves. */
    private static long nextVersion(Transaction tx, String owner) throws SQLException {
        if (tx.update("UPDATE roster_versions SET version = version + 1 WHERE owner = ?", owner) == 0) {
            tx.update("INSERT INTO roster_versions (owner, version) VALUES (?, ?)", owner, 1L);
            return 1L;
        }
        return tx.queryOne("SELECT version FROM roster_versions WHERE owner = ?", r -> r.getLong(1), owner)
                .orElseThrow();
    }

    /** The item of a row of the item/groups join; null for the row of an owner whose roster is empty. */
    private static ItemRow itemRow(ResultSet r) throws SQLException {
        String contact = r.getString("contact");
        if (contact == null) {
            return null;
        }
        return new ItemRow(contact, r.getString("name"), Subscription.valueOf(r.getString("subscription")),
                r.getBoolean("pending_out"), r.getBoolean("pending_in"), r.getBoolean("approved"),
                r.getString("group_name"));
    }

    /** Folds the join's rows, one per item and group, into items sorted by contact (String order, as in memory). */
    private static List<RosterItem> items(List<ItemRow> rows) {
        Map<String, List<ItemRow>> byContact = new TreeMap<>();
        for (ItemRow row : rows) {
            byContact.computeIfAbsent(row.contact(), c -> new ArrayList<>()).add(row);
        }
        return byContact.values().stream().map(JdbcRosterStore::item).toList();
    }

    private static RosterItem item(List<ItemRow> rowsOfOneContact) {
        ItemRow first = rowsOfOneContact.get(0);
        List<String> groups = rowsOfOneContact.stream().map(ItemRow::group).filter(Objects::nonNull).toList();
        return new RosterItem(first.contact(), first.name(), first.subscription(), first.pendingOut(),
                first.pendingIn(), first.approved(), groups);
    }

    /** One row of the item/groups join; {@code group} is null for an item without groups. */
    private record ItemRow(String contact, String name, Subscription subscription, boolean pendingOut,
                           boolean pendingIn, boolean approved, String group) {
    }

    private record VersionedRow(long version, ItemRow item) {
    }
}
