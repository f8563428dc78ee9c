package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.storage.StorageException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anH2FileWritesEachCommitBeforeItReturnsUnlessTheUrlSaysOtherwise(@TempDir Path dir) {
        try (Database file = Database.open("jdbc:h2:file:" + dir.resolve("causse").toAbsolutePath(), "sa", "")) {
            assertThat(file.query("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
                    r -> r.getString(1))).isNotEmpty().containsOnly("0");
        }
        assertThat(Database.durable("jdbc:h2:file:/x/causse;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/x/causse;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(Database.durable("jdbc:h2:file:/x/causse;write_delay=500")).isEqualTo("jdbc:h2:file:/x/causse;write_delay=500");
        assertThat(Database.durable("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    void eachH2SessionHasRoomForTheParsedStatementsOfALoginUnlessTheUrlSaysOtherwise() {
        assertThat(db.query("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'",
                r -> r.getString(1))).containsOnly("64");
        assertThat(Database.withStatementCache("jdbc:h2:mem:x;query_cache_size=8")).isEqualTo("jdbc:h2:mem:x;query_cache_size=8");
        assertThat(Database.withStatementCache("jdbc:postgresql://localhost/causse")).isEqualTo("jdbc:postgresql://localhost/causse");
    }

    @Test
    void aTransactionAfterAFailedOneStartsClean() {
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tx.update(insert("a@example.org"));
            throw new SQLException("boom", "XX000");
        })).isInstanceOf(StorageException.class);

        db.inTransaction(tx -> tx.update(insert("b@example.org")));

        assertThat(db.query("SELECT jid FROM accounts", r -> r.getString(1))).containsExactly("b@example.org");
    }

    @Test
    void commitsWhatATransactionBodyDoes() {
        db.inTransaction(tx -> tx.update(insert("a@example.org")));

        assertThat(db.query("SELECT jid FROM accounts", r -> r.getString(1))).containsExactly("a@example.org");
    }

    @Test
    void rollsBackWhenTheBodyThrowsAnSqlException() {
        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tx.update(insert("a@example.org"));
            throw new SQLException("boom", "XX000");
        })).isInstanceOf(StorageException.class).hasMessageContaining("boom").hasCauseInstanceOf(SQLException.class);

        assertThat(db.query("SELECT jid FROM accounts", r -> r.getString(1))).isEmpty();
    }

    @Test
    void rollsBackAndRethrowsAnUncheckedException() {
        IllegalStateException failure = new IllegalStateException("nope");

        assertThatThrownBy(() -> db.inTransaction(tx -> {
            tx.update(insert("a@example.org"));
            throw failure;
        })).isSameAs(failure);

        assertThat(db.query("SELECT jid FROM accounts", r -> r.getString(1))).isEmpty();
    }

    @Test
    void reportsADuplicateKey() {
        db.update(insert("a@example.org"));

        assertThatThrownBy(() -> db.update(insert("a@example.org")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isDuplicateKey()).isTrue());
        assertThatThrownBy(() -> db.update("INSERT INTO nowhere VALUES (1)"))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isDuplicateKey()).isFalse());
    }

    @Test
    void answersFalseAndRollsBackWhenABodyBreaksAUniqueKey() {
        assertThat(db.inTransactionUnlessDuplicate(tx -> tx.update(insert("a@example.org")))).isTrue();

        assertThat(db.inTransactionUnlessDuplicate(tx -> {
            tx.update(insert("b@example.org"));
            return tx.update(insert("a@example.org"));
        })).isFalse();

        assertThat(db.query("SELECT jid FROM accounts", r -> r.getString(1))).containsExactly("a@example.org");
        assertThatThrownBy(() -> db.inTransactionUnlessDuplicate(tx -> tx.update("INSERT INTO nowhere VALUES (1)")))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void bindsInstantsAsUtcAndReadsThemBack() {
        Instant created = Instant.parse("2024-02-29T23:59:58.123456Z");
        db.update("INSERT INTO accounts (jid, domain, created_at) VALUES (?, ?, ?)", "a@x", "x", created);

        assertThat(db.queryOne("SELECT created_at FROM accounts", r -> Transaction.instant(r, "created_at")))
                .contains(created);
    }

    @Test
    void refusesUnknownParameterTypes() {
        assertThatThrownBy(() -> db.query("SELECT 1 FROM accounts WHERE jid = ?", r -> 1, new Object()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeTwiceIsHarmless() {
        db.close();
        db.close();
    }

    @Test
    void picksTheDialectFromTheUrl() {
        assertThat(Dialect.of("jdbc:h2:mem:x")).isEqualTo(Dialect.H2);
        assertThat(Dialect.of("jdbc:postgresql://localhost/causse")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.H2.expand("salt ${binary}")).isEqualTo("salt BINARY VARYING");
        assertThat(Dialect.POSTGRESQL.expand("salt ${binary}")).isEqualTo("salt BYTEA");
        assertThat(Dialect.H2.expand("a ${text}, b ${text}")).isEqualTo("a CHARACTER LARGE OBJECT, b CHARACTER LARGE OBJECT");
        assertThat(Dialect.POSTGRESQL.expand("stanza ${text}")).isEqualTo("stanza TEXT");
        assertThatThrownBy(() -> Dialect.of("jdbc:mysql://x")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> Dialect.H2.expand("${json}")).isInstanceOf(StorageException.class);
    }

    @Test
    void refusesPostgresqlUntilItIsSupported() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://localhost/causse", "u", "p"))
                .isInstanceOf(StorageException.class).hasMessageContaining("only H2");
    }

    @Test
    void wrapsAFailureToConnect() {
        assertThatThrownBy(() -> Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";NO_SUCH_SETTING=1", "sa", ""))
                .isInstanceOf(StorageException.class);
    }

    private static String insert(String jid) {
        return "INSERT INTO accounts (jid, domain, created_at) VALUES ('" + jid + "', 'example.org', CURRENT_TIMESTAMP)";
    }
}
