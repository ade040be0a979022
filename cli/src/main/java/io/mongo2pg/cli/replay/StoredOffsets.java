package io.mongo2pg.cli.replay;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.sink.sql.ControlStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets kept in PostgreSQL: the live sink's ({@code mongo2pg.offsets} under its target schema, its true position,
 * read on every partition assignment) and a schema rebuild's ({@code mongo2pg.rebuild_offsets}, per target schema,
 * owned by replay). The rebuild keeps its own table because its rows must never look like a sink's: the swap renames
 * the rebuilt schema to the live name, and the live sink's rows (keyed by that name) are the position it resumes from.
 */
final class StoredOffsets {
    static final String REBUILD_OFFSETS = "rebuild_offsets";
    private static final String TARGET = "target_schema";

    private StoredOffsets() {
    }

    /** Sets the next offsets of the sink of target schema {@code sinkSchema}, in the caller's transaction. */
    static void setSinkOffsets(Connection connection, String sinkSchema, Map<TopicPartition, Long> offsets)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(ControlStatements.upsertOffset())) {
            for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
                ps.setString(1, sinkSchema);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The live sink's offsets of {@code partitions}, their rows locked until the transaction ends: the sink locks
     * the same rows first in every batch, so while they are held it applies nothing. A partition it never wrote gets
     * its row at 0 (where it starts reading too), so that it is locked as well.
     */
    static Map<TopicPartition, Long> lockSinkOffsets(Connection connection, String sinkSchema,
                                                     Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(ControlStatements.insertOffsetIfAbsent());
             PreparedStatement select = connection.prepareStatement(ControlStatements.selectOffsetForUpdate())) {
            for (TopicPartition tp : partitions) {
                insert.setString(1, sinkSchema);
                insert.setString(2, tp.topic());
                insert.setInt(3, tp.partition());
                insert.executeUpdate();
                select.setString(1, sinkSchema);
                select.setString(2, tp.topic());
                select.setInt(3, tp.partition());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    offsets.put(tp, rs.getLong(1));
                }
            }
        }
        return offsets;
    }

    static void createRebuildTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + quote(ControlStatements.SCHEMA));
            statement.execute("CREATE TABLE IF NOT EXISTS " + rebuildTable() + " (" + quote(TARGET) + " text NOT NULL, "
                    + quote("topic") + " text NOT NULL, " + quote("partition") + " integer NOT NULL, "
                    + quote("next_offset") + " bigint NOT NULL, PRIMARY KEY (" + quote(TARGET) + ", " + quote("topic")
                    + ", " + quote("partition") + "))");
        }
    }

    static Map<TopicPartition, Long> rebuildOffsets(Connection connection, String schema) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + quote("topic") + ", " + quote("partition")
                + ", " + quote("next_offset") + " FROM " + rebuildTable() + " WHERE " + quote(TARGET) + " = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return offsets;
    }

    static void setRebuildOffsets(Connection connection, String schema, Map<TopicPartition, Long> offsets)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + rebuildTable() + " VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (" + quote(TARGET) + ", " + quote("topic") + ", " + quote("partition") + ") DO UPDATE SET "
                + quote("next_offset") + " = EXCLUDED." + quote("next_offset"))) {
            for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
                ps.setString(1, schema);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void deleteRebuildOffsets(Connection connection, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + rebuildTable() + " WHERE "
                + quote(TARGET) + " = ?")) {
            ps.setString(1, schema);
            ps.executeUpdate();
        }
    }

    private static String rebuildTable() {
        return qualified(ControlStatements.SCHEMA, REBUILD_OFFSETS);
    }
}
