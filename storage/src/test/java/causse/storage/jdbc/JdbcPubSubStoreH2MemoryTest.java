package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import causse.storage.PubSubStore;
import causse.storage.PubSubStoreContract;
import org.junit.jupiter.api.Test;

class JdbcPubSubStoreH2MemoryTest extends JdbcStoreTest<PubSubStore> implements PubSubStoreContract {
    JdbcPubSubStoreH2MemoryTest() {
        super(h2Memory(), JdbcPubSubStore::new);
    }

    @Test
    void pagesAndTrimsByReadingTheSeqIndexBackwardsWithoutSorting() {
        assertThat(plan(JdbcPubSubStore.PAGE, "s", "n", Long.MAX_VALUE, 10))
                .contains("PUBSUB_ITEMS_NODE_SEQ").contains("/* index sorted */");
        assertThat(plan(JdbcPubSubStore.FIRST_TRIMMED, "s", "n", 100L, 10))
                .contains("PUBSUB_ITEMS_NODE_SEQ").contains("/* index sorted */");
    }

    @Test
    void expiresThroughTheNodePublishedIndex() {
        assertThat(plan("SELECT i.item_id" + JdbcPubSubStore.EXPIRED, "s", "n", T0))
                .contains("PUBSUB_ITEMS_NODE_PUBLISHED");
        assertThat(plan("DELETE" + JdbcPubSubStore.EXPIRED, "s", "n", T0)).contains("PUBSUB_ITEMS_NODE_PUBLISHED");
    }

    private String plan(String query, Object... params) {
        return db().queryOne("EXPLAIN " + query, r -> r.getString(1), params).orElseThrow();
    }
}
