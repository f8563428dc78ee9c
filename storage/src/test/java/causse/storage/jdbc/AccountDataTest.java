package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.storage.Payloads;
import causse.storage.PubSubAffiliation;
import causse.storage.PubSubItem;
import causse.storage.PubSubNode;
import causse.storage.PubSubSubscription;
import causse.storage.RosterItem;
import causse.storage.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The schema's promise that an account's data lives and dies with it: every table but the account's own
 * references {@code accounts} with ON DELETE CASCADE, and deleting an account leaves none of its rows anywhere.
 */
class AccountDataTest {
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    /**
     * Tables that are not data of one account. The pubsub tables belong to services, which may be components; the
     * account store deletes an account's PEP service (the service named by its JID) with the account.
     */
    private static final Set<String> NOT_ACCOUNT_DATA = Set.of("accounts", "schema_version",
            "pubsub_nodes", "pubsub_affiliations", "pubsub_subscriptions", "pubsub_items");

    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
    private final JdbcAccountStore accounts = new JdbcAccountStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyOtherTableReferencesAccountsWithOnDeleteCascade() {
        List<String> cascading = db.query("SELECT DISTINCT LOWER(tc.table_name)"
                + " FROM information_schema.table_constraints tc"
                + " JOIN information_schema.referential_constraints rc"
                + " ON rc.constraint_schema = tc.constraint_schema AND rc.constraint_name = tc.constraint_name"
                + " JOIN information_schema.table_constraints target"
                + " ON target.constraint_schema = rc.unique_constraint_schema"
                + " AND target.constraint_name = rc.unique_constraint_name"
                + " WHERE target.table_name = 'ACCOUNTS' AND rc.delete_rule = 'CASCADE'", r -> r.getString(1));

        assertThat(cascading).containsExactlyInAnyOrderElementsOf(tables().stream()
                .filter(t -> !NOT_ACCOUNT_DATA.contains(t)).toList());
    }

    @Test
    void deletingAnAccountLeavesNoneOfItsRowsInAnyTable() {
        for (String owner : List.of(ALICE, BOB)) {
            accounts.create(owner, List.of());
            new JdbcRosterStore(db).put(owner, RosterItem.of("carol@example.org").withGroups(List.of("A", "B")));
            new JdbcRosterStore(db).savePendingRequest(owner, "dave@example.org", "<presence type='subscribe'/>");
            new JdbcOfflineStore(db).store(owner, Payloads.stanza(100 * 1024), Instant.now(), 10);
            new JdbcAccountXmlStore(db).put(owner, "vcard", "", Payloads.vcard(100 * 1024));
            new JdbcBlockListStore(db).block(owner, List.of("spammer@evil.example"));
        }
        for (String table : ownerTables()) {
            assertThat(rowsOf(table, ALICE)).as(table).isPositive();
        }

        accounts.delete(ALICE);

        for (String table : ownerTables()) {
            assertThat(rowsOf(table, ALICE)).as(table).isZero();
            assertThat(rowsOf(table, BOB)).as(table).isPositive();
        }
    }

    @Test
    void deletingAnAccountDeletesItsPepServiceAndNoOtherService() {
        JdbcPubSubStore pubsub = new JdbcPubSubStore(db);
        accounts.create(ALICE, List.of());
        accounts.create(BOB, List.of());
        for (String service : List.of(ALICE, BOB, "pubsub.example.org")) {
            pubsub.createNode(new PubSubNode(service, "urn:xmpp:avatar:metadata", ""));
            pubsub.setAffiliation(service, "urn:xmpp:avatar:metadata", ALICE, "owner");
            pubsub.publish(new PubSubItem(service, "urn:xmpp:avatar:metadata", "current", ALICE, "<metadata/>",
                    Instant.now(), 0), 1);
        }

        accounts.delete(ALICE);

        assertThat(pubsub.nodes()).extracting(PubSubNode::service)
                .containsExactlyInAnyOrder(BOB, "pubsub.example.org");
        assertThat(pubsub.lastItems()).extracting(PubSubItem::service)
                .containsExactlyInAnyOrder(BOB, "pubsub.example.org");
    }

    @Test
    void deletingAnAccountDeletesItsAffiliationsAndSubscriptionsOnEveryService() {
        JdbcPubSubStore pubsub = new JdbcPubSubStore(db);
        accounts.create(ALICE, List.of());
        accounts.create(BOB, List.of());
        String node = "grh";
        for (String service : List.of(BOB, "pubsub.example.org")) {
            pubsub.createNode(new PubSubNode(service, node, ""));
            for (String who : List.of(ALICE, BOB, "alice@example.org.evil")) {
                pubsub.setAffiliation(service, node, who, "publisher");
            }
            for (String who : List.of(ALICE, ALICE + "/laptop", BOB, BOB + "/alice@example.org",
                    "alice@example.orgx/r")) {
                pubsub.putSubscription(new PubSubSubscription(service, node, who, "s1", "subscribed", ""));
            }
        }

        accounts.delete(ALICE);

        assertThat(pubsub.affiliations()).extracting(PubSubAffiliation::jid)
                .containsOnly(BOB, "alice@example.org.evil").hasSize(4);
        assertThat(pubsub.subscriptions()).extracting(PubSubSubscription::jid)
                .containsOnly(BOB, BOB + "/alice@example.org", "alice@example.orgx/r").hasSize(6);
    }

    @Test
    void refusesToKeepDataForAMissingAccount() {
        assertThatThrownBy(() -> new JdbcRosterStore(db).put(ALICE, RosterItem.of(BOB)))
                .isInstanceOf(StorageException.class).hasMessageContaining("no account " + ALICE);
        assertThatThrownBy(() -> new JdbcRosterStore(db).savePendingRequest(ALICE, BOB, "<presence/>"))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> new JdbcAccountXmlStore(db).put(ALICE, "vcard", "", "<vCard/>"))
                .isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> new JdbcBlockListStore(db).block(ALICE, List.of(BOB)))
                .isInstanceOf(StorageException.class);
        // An offline message for a user deleted meanwhile is simply not stored: the sender gets an error.
        assertThat(new JdbcOfflineStore(db).store(ALICE, "<message/>", Instant.now(), 10)).isFalse();
        // Removing from nothing is no error.
        assertThat(new JdbcRosterStore(db).remove(ALICE, BOB)).isZero();
        assertThat(new JdbcBlockListStore(db).unblock(ALICE, List.of(BOB))).isEmpty();
        assertThat(new JdbcBlockListStore(db).unblockAll(ALICE)).isEmpty();
    }

    private List<String> tables() {
        return db.query("SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = 'PUBLIC'",
                r -> r.getString(1));
    }

    private List<String> ownerTables() {
        return db.query("SELECT LOWER(table_name) FROM information_schema.columns"
                + " WHERE table_schema = 'PUBLIC' AND column_name = 'OWNER'", r -> r.getString(1));
    }

    private int rowsOf(String table, String owner) {
        // The table name comes from the schema itself, never from input.
        return db.queryOne("SELECT COUNT(*) FROM " + table + " WHERE owner = ?", r -> r.getInt(1), owner).orElseThrow();
    }
}
