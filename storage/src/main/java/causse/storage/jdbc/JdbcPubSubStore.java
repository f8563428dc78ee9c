package causse.storage.jdbc;

import causse.storage.PubSubAffiliation;
import causse.storage.PubSubItem;
import causse.storage.PubSubNode;
import causse.storage.PubSubStore;
import causse.storage.PubSubSubscription;
import causse.storage.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PubSubStore} on the {@code pubsub_*} tables (migration V3). A write that checks before it changes (publish
 * and its trimming, the update-else-insert of an affiliation or a subscription, expiry) first locks the node's row,
 * which serialises it with every other such write to the same node and with the node's deletion; it also answers
 * "no such node", which those writes report with a {@link StorageException}.
 *
 * <p>The schema checks the values: a null (all its columns are NOT NULL) or a value longer than its column fails
 * with a {@link StorageException}. Services, publishers and subscriber JIDs take up to 3071 chars, node names and
 * item ids 1023, subids 255, affiliations and states 32.
 */
public final class JdbcPubSubStore implements PubSubStore {
    private static final String NONE = "none";
    private static final String ITEM_COLUMNS = "i.service, i.node, i.item_id, i.publisher, i.payload, i.published, i.seq";
    private static final String NODE_ITEMS = " FROM pubsub_items i WHERE i.service = ? AND i.node = ?";
    // The statements below are package-visible for JdbcPubSubStoreH2MemoryTest, which checks their query plans.
    /**
     * A node's items below a seq, newest first. Ordered by all the columns of {@code pubsub_items_node_seq}, not
     * by seq alone (the same order, as service and node are fixed): only then does H2 read that index backwards
     * and stop after the rows it needs, rather than read and sort every item of the node.
     */
    static final String NEWEST_BELOW = NODE_ITEMS + " AND i.seq < ? ORDER BY i.service DESC, i.node DESC, i.seq DESC";
    /** The seq of the item just older than the newest {@code ?} ones: where trimming starts. */
    static final String FIRST_TRIMMED = "SELECT i.seq" + NEWEST_BELOW + " OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY";
    /** Up to {@code ?} items below a seq, newest first: one page of result set paging. */
    static final String PAGE = "SELECT " + ITEM_COLUMNS + NEWEST_BELOW + " FETCH FIRST ? ROWS ONLY";
    /** A node's items published before a time, after SELECT or DELETE. */
    static final String EXPIRED = NODE_ITEMS + " AND i.published < ?";

    private final Database db;

    public JdbcPubSubStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public List<PubSubNode> nodes() {
        return db.query("SELECT service, node, config FROM pubsub_nodes",
                r -> new PubSubNode(r.getString("service"), r.getString("node"), r.getString("config")));
    }

    @Override
    public List<PubSubAffiliation> affiliations() {
        return db.query("SELECT service, node, jid, affiliation FROM pubsub_affiliations",
                r -> new PubSubAffiliation(r.getString("service"), r.getString("node"), r.getString("jid"),
                        r.getString("affiliation")));
    }

    @Override
    public List<PubSubSubscription> subscriptions() {
        return db.query("SELECT service, node, jid, subid, state, options FROM pubsub_subscriptions",
                r -> new PubSubSubscription(r.getString("service"), r.getString("node"), r.getString("jid"),
                        r.getString("subid"), r.getString("state"), r.getString("options")));
    }

    @Override
    public boolean createNode(PubSubNode node) {
        // The primary key settles concurrent creates of one node.
        return db.inTransactionUnlessDuplicate(tx -> tx.update(
                "INSERT INTO pubsub_nodes (service, node, config) VALUES (?, ?, ?)", node.service(), node.node(),
                node.config()));
    }

    @Override
    public boolean updateConfig(String service, String node, String config) {
        return db.update("UPDATE pubsub_nodes SET config = ? WHERE service = ? AND node = ?", config, service, node) > 0;
    }

    @Override
    public boolean deleteNode(String service, String node) {
        // Affiliations, subscriptions and items go with it (ON DELETE CASCADE).
        return db.update("DELETE FROM pubsub_nodes WHERE service = ? AND node = ?", service, node) > 0;
    }

    @Override
    public int deleteService(String service) {
        return db.update("DELETE FROM pubsub_nodes WHERE service = ?", service);
    }

    @Override
    public void setAffiliation(String service, String node, String jid, String affiliation) {
        if (NONE.equals(affiliation)) {
            db.update("DELETE FROM pubsub_affiliations WHERE service = ? AND node = ? AND jid = ?", service, node, jid);
            return;
        }
        db.inTransaction(tx -> {
            // The node lock makes update-else-insert safe against a concurrent first set of the same JID.
            lockExistingNode(tx, service, node);
            if (tx.update("UPDATE pubsub_affiliations SET affiliation = ? WHERE service = ? AND node = ? AND jid = ?",
                    affiliation, service, node, jid) == 0) {
                tx.update("INSERT INTO pubsub_affiliations (service, node, jid, affiliation) VALUES (?, ?, ?, ?)",
                        service, node, jid, affiliation);
            }
            return null;
        });
    }

    @Override
    public void putSubscription(PubSubSubscription s) {
        db.inTransaction(tx -> {
            lockExistingNode(tx, s.service(), s.node());
            if (tx.update("UPDATE pubsub_subscriptions SET state = ?, options = ?"
                            + " WHERE service = ? AND node = ? AND jid = ? AND subid = ?",
                    s.state(), s.options(), s.service(), s.node(), s.jid(), s.subid()) == 0) {
                tx.update("INSERT INTO pubsub_subscriptions (service, node, jid, subid, state, options)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", s.service(), s.node(), s.jid(), s.subid(), s.state(), s.options());
            }
            return null;
        });
    }

    @Override
    public boolean removeSubscription(String service, String node, String jid, String subid) {
        return db.update("DELETE FROM pubsub_subscriptions WHERE service = ? AND node = ? AND jid = ? AND subid = ?",
                service, node, jid, subid) > 0;
    }

    @Override
    public PubSubItem publish(PubSubItem item, int maxItems) {
        Instant published = Micros.kept(item.published());
        return db.inTransaction(tx -> {
            // Serialises the publishers of one node, so that two of them cannot each trim without seeing the other,
            // and so that a node's seqs, taken under the lock, grow in the order its items are committed.
            lockExistingNode(tx, item.service(), item.node());
            // Deleted and inserted rather than updated: the new version takes a new seq, hence the newest place.
            tx.update("DELETE" + NODE_ITEMS + " AND i.item_id = ?", item.service(), item.node(), item.id());
            long seq = tx.insert("INSERT INTO pubsub_items (service, node, item_id, publisher, published, payload)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", "seq", item.service(), item.node(), item.id(),
                    item.publisher(), published, item.payloadXml());
            if (maxItems >= 0) {
                trim(tx, item.service(), item.node(), seq, maxItems);
            }
            return new PubSubItem(item.service(), item.node(), item.id(), item.publisher(), item.payloadXml(),
                    published, seq);
        });
    }

    @Override
    public Optional<PubSubItem> item(String service, String node, String id) {
        return db.queryOne("SELECT " + ITEM_COLUMNS + NODE_ITEMS + " AND i.item_id = ?", JdbcPubSubStore::item,
                service, node, id);
    }

    @Override
    public List<PubSubItem> items(String service, String node, long beforeSeq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit: " + limit);
        }
        return db.query(PAGE, JdbcPubSubStore::item, service, node, beforeSeq, limit);
    }

    @Override
    public List<PubSubItem> lastItems() {
        // One statement for every node: seq is unique across nodes, so each node's highest one names its row. It
        // reads every item's index entry once, which is fine for the start-up load it serves.
        return db.query("SELECT " + ITEM_COLUMNS + " FROM pubsub_items i JOIN"
                        + " (SELECT MAX(seq) AS seq FROM pubsub_items GROUP BY service, node) last ON last.seq = i.seq"
                        + " ORDER BY i.seq", JdbcPubSubStore::item);
    }

    @Override
    public int itemCount(String service, String node) {
        return db.queryOne("SELECT COUNT(*)" + NODE_ITEMS, r -> r.getInt(1), service, node).orElse(0);
    }

    @Override
    public boolean retract(String service, String node, String id) {
        return db.update("DELETE" + NODE_ITEMS + " AND i.item_id = ?", service, node, id) > 0;
    }

    @Override
    public int purge(String service, String node) {
        return db.update("DELETE" + NODE_ITEMS, service, node);
    }

    @Override
    public List<String> expire(String service, String node, Instant cutoff) {
        Instant exactCutoff = Micros.cutoff(cutoff);
        return db.inTransaction(tx -> {
            // Locked so that no publish slips in between the read of the ids and the delete of their rows.
            if (!lockNode(tx, service, node)) {
                return List.of();
            }
            List<String> ids = tx.query("SELECT i.item_id" + EXPIRED + " ORDER BY i.seq", r -> r.getString(1),
                    service, node, exactCutoff);
            if (!ids.isEmpty()) {
                tx.update("DELETE" + EXPIRED, service, node, exactCutoff);
            }
            return ids;
        });
    }

    /**
     * Deletes the node's items older than its {@code maxItems} newest ones. The caller holds the node lock and has
     * just inserted {@code newestSeq}, so no item of the node is newer.
     */
    private static void trim(Transaction tx, String service, String node, long newestSeq, int maxItems)
            throws SQLException {
        Optional<Long> firstTrimmed = tx.queryOne(FIRST_TRIMMED, r -> r.getLong(1), service, node, newestSeq + 1,
                maxItems);
        if (firstTrimmed.isPresent()) {
            tx.update("DELETE" + NODE_ITEMS + " AND i.seq <= ?", service, node, firstTrimmed.get());
        }
    }

    /** Locks the node's row until the transaction ends; false when there is no such node. */
    private static boolean lockNode(Transaction tx, String service, String node) throws SQLException {
        return tx.queryOne("SELECT node FROM pubsub_nodes WHERE service = ? AND node = ? FOR UPDATE",
                r -> r.getString(1), service, node).isPresent();
    }

    /**
     * Locks the node's row until the transaction ends.
     *
     * @throws StorageException when there is no such node: nothing can be kept for a node that does not exist
     */
    private static void lockExistingNode(Transaction tx, String service, String node) throws SQLException {
        if (!lockNode(tx, service, node)) {
            throw new StorageException("no pubsub node " + node + " at " + service);
        }
    }

    private static PubSubItem item(ResultSet r) throws SQLException {
        return new PubSubItem(r.getString("service"), r.getString("node"), r.getString("item_id"),
                r.getString("publisher"), r.getString("payload"), Transaction.instant(r, "published"), r.getLong("seq"));
    }
}
