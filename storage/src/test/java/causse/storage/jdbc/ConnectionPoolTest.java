package causse.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
    // DB_CLOSE_DELAY=-1: the in-memory database outlives the pool's connections, which come and go.
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private ConnectionPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void lendsTheConnectionGivenBackLastSoThatItsSessionKeepsItsParsedStatements() throws SQLException {
        pool = new ConnectionPool(url, "sa", "", 4, 1, TimeUnit.SECONDS);
        Connection first = pool.take();
        Connection second = pool.take();
        assertThat(second).isNotSameAs(first);
        assertThat(pool.lent()).isEqualTo(2);

        pool.giveBack(first, true);
        pool.giveBack(second, true);

        assertThat(pool.take()).isSameAs(second);
        assertThat(pool.take()).isSameAs(first);
        assertThat(first.isClosed()).isFalse();
    }

    @Test
    void closesAConnectionGivenBackAsNotReusableAndOpensAnotherInItsPlace() throws SQLException {
        pool = new ConnectionPool(url, "sa", "", 1, 1, TimeUnit.SECONDS);
        Connection broken = pool.take();

        pool.giveBack(broken, false);

        assertThat(broken.isClosed()).isTrue();
        assertThat(pool.lent()).isZero();
        Connection next = pool.take();
        assertThat(next).isNotSameAs(broken);
        try (Statement statement = next.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
        }
    }

    @Test
    void aTakerWaitsForAConnectionToComeBackAndFailsClearlyWhenNoneDoes() throws Exception {
        try (ConnectionPool impatient = new ConnectionPool(url, "sa", "", 1, 300, TimeUnit.MILLISECONDS)) {
            Connection only = impatient.take();
            assertThatThrownBy(impatient::take).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no database connection free");
            impatient.giveBack(only, true);
        }

        pool = new ConnectionPool(url, "sa", "", 1, 30, TimeUnit.SECONDS);
        Connection held = pool.take();
        CompletableFuture<Connection> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        pool.giveBack(held, true);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isSameAs(held);
    }

    @Test
    void closingClosesTheIdleConnectionsAtOnceAndTheLentOnesWhenTheyComeBack() throws SQLException {
        pool = new ConnectionPool(url, "sa", "", 4, 1, TimeUnit.SECONDS);
        Connection idle = pool.take();
        Connection lent = pool.take();
        pool.giveBack(idle, true);

        pool.close();

        assertThat(idle.isClosed()).isTrue();
        assertThat(lent.isClosed()).isFalse();
        pool.giveBack(lent, true);
        assertThat(lent.isClosed()).isTrue();
        assertThat(pool.lent()).isZero();
        assertThatThrownBy(pool::take).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        pool.close();
    }
}
