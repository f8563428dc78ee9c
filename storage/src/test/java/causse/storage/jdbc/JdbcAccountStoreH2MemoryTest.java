package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import causse.storage.AccountStore;
import causse.storage.AccountStoreContract;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcAccountStoreH2MemoryTest implements AccountStoreContract {
    private Database db;
    private AccountStore store;

    @BeforeEach
    void open() {
        // A named in-memory database lives as long as one connection to it: the pool keeps it open.
        db = Database.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "");
        store = new JdbcAccountStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public AccountStore store() {
        return store;
    }

    @Test
    void deletingAnAccountDeletesItsCredentialRows() {
        store.create(ALICE, List.of(AccountStoreContract.sha1(1), AccountStoreContract.sha256(1)));
        store.create(BOB, List.of(AccountStoreContract.sha1(2)));

        store.delete(ALICE);

        assertThat(credentialRows(ALICE)).isZero();
        assertThat(credentialRows(BOB)).isOne();
    }

    @Test
    void listingOneDomainReadsTheDomainIndex() {
        String plan = db.queryOne("EXPLAIN SELECT jid FROM accounts WHERE domain = ?", r -> r.getString(1),
                "example.org").orElseThrow();

        assertThat(plan).containsIgnoringCase("ACCOUNTS_DOMAIN");
    }

    private int credentialRows(String jid) {
        return db.queryOne("SELECT COUNT(*) FROM scram_credentials WHERE jid = ?", r -> r.getInt(1), jid)
                .orElseThrow();
    }
}
