package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.storage.AccountStoreContract;
import causse.storage.PubSubNode;
import causse.storage.RosterItem;
import causse.storage.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    /** The version the production migrations bring a database to. */
    private static final int LATEST = SchemaMigrator.MIGRATIONS.size();
    /**
     * The production migrations and one more: the test scripts are numbered to follow them, so a new production
     * migration renames them to the next number.
     */
    private static final List<String> WITH_NOTES = with("causse/storage/jdbc/V5__notes.sql");
    private static final List<String> WITH_BROKEN = with("causse/storage/jdbc/V5__broken.sql");

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.toAbsolutePath() + "/causse";
    }

    @Test
    void keepsDataAcrossCloseAndReopen() {
        try (Database db = Database.open(url(), "sa", "")) {
            new JdbcAccountStore(db).create("alice@example.org", List.of(AccountStoreContract.sha256(1)));
        }

        try (Database db = Database.open(url(), "sa", "")) {
            assertThat(new JdbcAccountStore(db).find("alice@example.org").orElseThrow().credentials())
                    .containsExactly(AccountStoreContract.sha256(1));
        }
    }

    @Test
    void runsEachMigrationOnceAcrossReopens() {
        for (int i = 0; i < 3; i++) {
            try (Database db = Database.open(url(), "sa", "")) {
                assertThat(versions(db)).isEqualTo(versionsUpTo(LATEST));
                assertThat(new SchemaMigrator(db).currentVersion()).isEqualTo(LATEST);
            }
        }
    }

    @Test
    void appliesOnlyTheMissingMigrationsInOrder() {
        try (Database db = Database.open(url(), "sa", "")) {
            SchemaMigrator migrator = new SchemaMigrator(db, WITH_NOTES);

            assertThat(migrator.migrate()).isEqualTo(LATEST + 1);
            assertThat(migrator.migrate()).isEqualTo(LATEST + 1);

            assertThat(versions(db)).isEqualTo(versionsUpTo(LATEST + 1));
            assertThat(db.query("SELECT jid FROM notes", r -> r.getString(1))).containsExactly("migrated@example.org");
            assertThat(db.queryOne("SELECT description FROM schema_version WHERE version = ?", r -> r.getString(1),
                    LATEST + 1)).contains("notes");
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() {
        try (Database db = Database.open(url(), "sa", "")) {
            db.update("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    LATEST + 4, "from_the_future", Instant.now());
        }

        assertThatThrownBy(() -> Database.open(url(), "sa", ""))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version " + (LATEST + 4) + " is newer than the version " + LATEST
                        + " this Causse knows");
    }

    @Test
    void leavesTheVersionWhereItWasWhenAMigrationFails() {
        try (Database db = Database.open(url(), "sa", "")) {
            SchemaMigrator migrator = new SchemaMigrator(db, WITH_BROKEN);

            assertThatThrownBy(migrator::migrate)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("V5__broken.sql");

            assertThat(migrator.currentVersion()).isEqualTo(LATEST);
            // Its first statement was DML, so it was rolled back with the rest.
            assertThat(new JdbcAccountStore(db).list(null)).isEmpty();
        }
    }

    @Test
    void refusesMigrationsOutOfOrder() {
        try (Database db = Database.open(url(), "sa", "")) {
            assertThatThrownBy(() -> new SchemaMigrator(db, List.of("causse/storage/jdbc/V5__notes.sql")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("should be version 1");
        }
    }

    @Test
    void bringsAVersion1DatabaseUpToDateKeepingItsAccounts() {
        try (Database db = Database.open(url(), "sa", "")) {
            new JdbcAccountStore(db).create("alice@example.org", List.of(AccountStoreContract.sha256(1)));
            // Back to what a server of schema version 1 left behind.
            db.inTransaction(tx -> {
                for (String table : List.of("roster_groups", "roster_items", "roster_versions",
                        "roster_pending_requests", "offline_messages", "account_xml", "blocked_jids",
                        "pubsub_items", "pubsub_subscriptions", "pubsub_affiliations", "pubsub_nodes",
                        "account_removals")) {
                    tx.execute("DROP TABLE " + table);
                }
                return tx.update("DELETE FROM schema_version WHERE version > 1");
            });
        }

        try (Database db = Database.open(url(), "sa", "")) {
            assertThat(versions(db)).isEqualTo(versionsUpTo(LATEST));
            assertThat(new JdbcAccountStore(db).find("alice@example.org").orElseThrow().credentials())
                    .containsExactly(AccountStoreContract.sha256(1));
            assertThat(new JdbcRosterStore(db).put("alice@example.org", RosterItem.of("bob@example.org"))).isPositive();
            assertThat(new JdbcPubSubStore(db).createNode(new PubSubNode("alice@example.org", "urn:xmpp:avatar:data",
                    "<x/>"))).isTrue();
        }
    }

    private static List<String> with(String testScript) {
        List<String> scripts = new ArrayList<>(SchemaMigrator.MIGRATIONS);
        scripts.add(testScript);
        return scripts;
    }

    private static List<Integer> versionsUpTo(int last) {
        return IntStream.rangeClosed(1, last).boxed().toList();
    }

    private static List<Integer> versions(Database db) {
        return db.query("SELECT version FROM schema_version ORDER BY version", r -> r.getInt(1));
    }
}
