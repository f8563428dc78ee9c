package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import causse.storage.PubSubItem;
import causse.storage.PubSubNode;
import causse.storage.PubSubStore;
import causse.storage.PubSubStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an H2 file, opened with the URL the server will use. */
class JdbcPubSubStoreH2FileTest extends JdbcStoreTest<PubSubStore> implements PubSubStoreContract {
    private final String url;

    JdbcPubSubStoreH2FileTest(@TempDir Path dir) {
        super(h2File(dir), JdbcPubSubStore::new);
        url = h2File(dir);
    }

    @Test
    void keepsItemsAcrossARestartAndGivesLaterOnesAHigherSeq() {
        store().createNode(new PubSubNode(SERVICE, NODE, CONFIG));
        PubSubItem before = store().publish(item("a", "<a/>"), UNLIMITED);
        db().close();

        try (Database reopened = Database.open(url, "sa", "")) {
            PubSubStore store = new JdbcPubSubStore(reopened);
            PubSubItem after = store.publish(item("b", "<b/>"), UNLIMITED);

            assertThat(store.items(SERVICE, NODE, Long.MAX_VALUE, 10)).containsExactly(after, before);
            assertThat(after.seq()).isGreaterThan(before.seq());
        }
    }
}
