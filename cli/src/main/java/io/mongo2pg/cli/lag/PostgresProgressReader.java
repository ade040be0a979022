package io.mongo2pg.cli.lag;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.sink.sql.ControlStatements;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the sink's control tables: the offsets the sink of one target schema applied up to and the freshness per
 * collection.
 */
final class PostgresProgressReader {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_COLUMN = "42703";

    private final String jdbcUrl;
    private final String schema;
    private final Properties credentials;

    PostgresProgressReader(String jdbcUrl, String schema, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    /** What the sink stored, read in one connection. */
    record Progress(Map<TopicPartition, Long> offsets, List<CollectionFreshness> freshness) {
    }

    /**
     * @throws SQLException with a message saying what to check when PostgreSQL cannot be read; missing control
     *     tables (the sink never ran here) are no error: nothing is reported for them
     */
    Progress read(Instant now) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
             Statement statement = connection.createStatement()) {
            return new Progress(offsets(connection), freshness(statement, now));
        }
    }

    private Map<TopicPartition, Long> offsets(Connection connection) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(ControlStatements.selectOffsets())) {
            ps.setString(1, schema);
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        } catch (SQLException e) {
            if (UNDEFINED_COLUMN.equals(e.getSQLState())) {
                throw new SQLException(ControlStatements.SCHEMA + "." + ControlStatements.OFFSETS + " is still keyed by "
                        + "topic and partition only (mongo2pg 0.1): start this version's sink once, it migrates the "
                        + "table", e.getSQLState(), e);
            }
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return offsets;
    }

    private static List<CollectionFreshness> freshness(Statement statement, Instant now) throws SQLException {
        List<CollectionFreshness> result = new ArrayList<>();
        String sql = "SELECT " + quote("collection") + ", " + quote("source_ts_ms") + ", " + quote("applied_at")
                + " FROM " + qualified(ControlStatements.SCHEMA, ControlStatements.PROGRESS) + " ORDER BY 1";
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                Instant source = Instant.ofEpochMilli(rows.getLong(2));
                Instant applied = rows.getTimestamp(3).toInstant();
                result.add(new CollectionFreshness(rows.getString(1), source, applied,
                        Math.max(0, now.toEpochMilli() - source.toEpochMilli())));
            }
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return result;
    }
}
