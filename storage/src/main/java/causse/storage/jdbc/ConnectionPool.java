package causse.storage.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pool of physical JDBC connections, lent out one transaction at a time.
 *
 * <p>It exists instead of H2's {@code JdbcConnectionPool} because that one rolls back every connection it lends
 * and takes back, and in H2 a rollback empties the session's cache of parsed statements: every query was parsed
 * and planned again, about a third of the storage thread's work at login. Here a connection whose transaction
 * ended in a commit or a successful rollback goes back as it is, so its session keeps its parsed statements; one
 * that failed to roll back is closed. The most recently returned connection is lent first, so that the few
 * sessions in use keep their caches warm.
 */
final class ConnectionPool implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final int maxConnections;
    private final long waitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private int lent;
    private int opening;
    private boolean closed;

    ConnectionPool(String url, String user, String password, int maxConnections, long wait, TimeUnit unit) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.maxConnections = maxConnections;
        this.waitNanos = unit.toNanos(wait);
    }

    /**
     * An idle connection, a new one while fewer than the maximum are open, or the first one given back within the
     * wait.
     *
     * @throws SQLException when the pool is closed, no connection came back in time, or a new one cannot be opened
     */
    Connection take() throws SQLException {
        lock.lock();
        try {
            long remaining = waitNanos;
            while (true) {
                if (closed) {
                    throw new SQLException("the connection pool is closed", "08003");
                }
                Connection connection = idle.pollFirst();
                if (connection != null) {
                    lent++;
                    return connection;
                }
                if (lent + opening < maxConnections) {
                    opening++;
                    break;
                }
                if (remaining <= 0) {
                    throw new SQLException("no database connection free after waiting "
                            + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms (" + maxConnections + " in use)", "08001");
                }
                remaining = returned.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", "08001", e);
        } finally {
            lock.unlock();
        }
        return open();
    }

    /**
     * Takes a connection back. A {@code reusable} one is kept for the next transaction (or closed if the pool was
     * closed meanwhile); any other is closed, and its place may be taken by a new one.
     */
    void giveBack(Connection connection, boolean reusable) {
        boolean keep;
        lock.lock();
        try {
            lent--;
            keep = reusable && !closed;
            if (keep) {
                idle.addFirst(connection);
            }
            returned.signal();
        } finally {
            lock.unlock();
        }
        if (!keep) {
            closeQuietly(connection);
        }
    }

    /** Connections lent and not given back yet. */
    int lent() {
        lock.lock();
        try {
            return lent;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the idle connections now and each lent one when it comes back. Calling it again does nothing. */
    @Override
    public void close() {
        ArrayDeque<Connection> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
        toClose.forEach(ConnectionPool::closeQuietly);
    }

    private Connection open() throws SQLException {
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(url, user, password);
            return connection;
        } finally {
            lock.lock();
            try {
                opening--;
                if (connection != null) {
                    lent++;
                } else {
                    returned.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // It is being thrown away: nothing more can go wrong with it that matters.
        }
    }
}
