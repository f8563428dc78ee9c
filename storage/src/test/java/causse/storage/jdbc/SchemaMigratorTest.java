package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.storage.AccountStoreContract;
import causse.storage.RosterItem;
import causse.storage.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    /** The production migrations and one more: the test scripts are numbered to follow them. */
    private static final List<String> WITH_NOTES = with("causse/storage/jdbc/V3__notes.sql");
    private static final List<String> WITH_BROKEN = with("causse/storage/jdbc/V3__broken.sql");

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
                assertThat(versions(db)).containsExactly(1, 2);
                assertThat(new SchemaMigrator(db).currentVersion()).isEqualTo(2);
            }
        }
    }

    @Test
    void appliesOnlyTheMissingMigrationsInOrder() {
        try (Database db = Database.open(url(), "sa", "")) {
            SchemaMigrator migrator = new SchemaMigrator(db, WITH_NOTES);

            assertThat(migrator.migrate()).isEqualTo(3);
            assertThat(migrator.migrate()).isEqualTo(3);

            assertThat(versions(db)).containsExactly(1, 2, 3);
            assertThat(db.query("SELECT jid FROM notes", r -> r.getString(1))).containsExactly("migrated@example.org");
            assertThat(db.queryOne("SELECT description FROM schema_version WHERE version = 3", r -> r.getString(1)))
                    .contains("notes");
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() {
        try (Database db = Database.open(url(), "sa", "")) {
            db.update("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    7, "from_the_future", Instant.now());
        }

        assertThatThrownBy(() -> Database.open(url(), "sa", ""))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 7 is newer than the version 2 this Causse knows");
    }

    @Test
    void leavesTheVersionWhereItWasWhenAMigrationFails() {
        try (Database db = Database.open(url(), "sa", "")) {
            SchemaMigrator migrator = new SchemaMigrator(db, WITH_BROKEN);

            assertThatThrownBy(migrator::migrate)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("V3__broken.sql");

            assertThat(migrator.currentVersion()).isEqualTo(2);
            // Its first statement was DML, so it was rolled back with the rest.
            assertThat(new JdbcAccountStore(db).list(null)).isEmpty();
        }
    }

    @Test
    void refusesMigrationsOutOfOrder() {
        try (Database db = Database.open(url(), "sa", "")) {
            assertThatThrownBy(() -> new SchemaMigrator(db, List.of("causse/storage/jdbc/V3__notes.sql")))
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
                        "roster_pending_requests", "offline_messages", "account_xml", "blocked_jids")) {
                    tx.execute("DROP TABLE " + table);
                }
                return tx.update("DELETE FROM schema_version WHERE version = 2");
            });
        }

        try (Database db = Database.open(url(), "sa", "")) {
            assertThat(versions(db)).containsExactly(1, 2);
            assertThat(new JdbcAccountStore(db).find("alice@example.org").orElseThrow().credentials())
                    .containsExactly(AccountStoreContract.sha256(1));
            assertThat(new JdbcRosterStore(db).put("alice@example.org", RosterItem.of("bob@example.org"))).isPositive();
        }
    }

    private static List<String> with(String testScript) {
        List<String> scripts = new ArrayList<>(SchemaMigrator.MIGRATIONS);
        scripts.add(testScript);
        return scripts;
    }

    private static List<Integer> versions(Database db) {
        return db.query("SELECT version FROM schema_version ORDER BY version", r -> r.getInt(1));
    }
}
