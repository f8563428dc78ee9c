package causse.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One open transaction, handed to a {@link TransactionBody} by {@link Database#inTransaction}: the statements a
 * store needs, with parameters bound by position so that no store repeats JDBC plumbing. It is only valid
 * inside the body that received it.
 *
 * <p>Parameters may be {@code String}, {@code Integer}, {@code Long}, {@code Boolean}, {@code byte[]},
 * {@link Instant} (kept as {@code TIMESTAMP WITH TIME ZONE} in UTC) or null.
 */
public final class Transaction {
    private final Connection connection;

    Transaction(Connection connection) {
        this.connection = connection;
    }

    /** Every row of the query, mapped. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql, params); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    /** The first row of the query, mapped; empty when there is none. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql, params); ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows it touched. */
    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql, params)) {
            return statement.executeUpdate();
        }
    }

    /** Runs one statement once per parameter row, in a single JDBC batch (one round trip where the driver can). */
    public void batch(String sql, List<Object[]> paramRows) throws SQLException {
        if (paramRows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] params : paramRows) {
                bind(statement, params);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Runs a statement without parameters, such as DDL in a migration. */
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Reads a column written from an {@link Instant}; null stays null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, params);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int index = i + 1;
            Object value = params[i];
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(index, bytes);
            } else if (value instanceof Instant instant) {
                // An OffsetDateTime in UTC, never java.sql.Timestamp: that one shifts by the JVM's default zone.
                statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
            } else if (value instanceof String || value instanceof Integer || value instanceof Long
                    || value instanceof Boolean) {
                statement.setObject(index, value);
            } else {
                throw new IllegalArgumentException("unsupported SQL parameter type: " + value.getClass().getName());
            }
        }
    }
}
