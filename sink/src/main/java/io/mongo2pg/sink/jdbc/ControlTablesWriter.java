package io.mongo2pg.sink.jdbc;

import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.batch.DeadLetter;
import io.mongo2pg.sink.sql.ControlStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the sink's control tables inside the caller's transaction. */
final class ControlTablesWriter {
    private ControlTablesWriter() {
    }

    /**
     * The stored next offsets of {@code partitions}, locking their rows until the transaction ends (in a fixed
     * order, so that two writers cannot deadlock on them). A partition never written gets a row at offset 0 first:
     * locking a missing row locks nothing, and two writers would then both apply the partition's first batch.
     * Offsets are {@code schema}'s: sinks of other target schemas keep their own.
     */
    static Map<PartitionKey, Long> lockOffsets(Connection connection, String schema, Collection<PartitionKey> partitions)
            throws SQLException {
        List<PartitionKey> ordered = inLockOrder(partitions);
        try (PreparedStatement ps = connection.prepareStatement(ControlStatements.insertOffsetIfAbsent())) {
            for (PartitionKey partition : ordered) {
                ps.setString(1, schema);
                ps.setString(2, partition.topic());
                ps.setInt(3, partition.partition());
                ps.executeUpdate();
            }
        }
        return readOffsets(connection, schema, ordered, ControlStatements.selectOffsetForUpdate());
    }

    static Map<PartitionKey, Long> readOffsets(Connection connection, String schema, Collection<PartitionKey> partitions,
                                               String sql) throws SQLException {
        Map<PartitionKey, Long> offsets = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (PartitionKey partition : inLockOrder(partitions)) {
                ps.setString(1, schema);
                ps.setString(2, partition.topic());
                ps.setInt(3, partition.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        offsets.put(partition, rs.getLong(1));
                    }
                }
            }
        }
        return offsets;
    }

    private static List<PartitionKey> inLockOrder(Collection<PartitionKey> partitions) {
        return partitions.stream().distinct()
                .sorted((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic())).toList();
    }

    static void writeOffsets(Connection connection, String schema, Map<PartitionKey, Long> nextOffsets)
            throws SQLException {
        if (nextOffsets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(ControlStatements.upsertOffset())) {
            for (Map.Entry<PartitionKey, Long> offset : nextOffsets.entrySet()) {
                ps.setString(1, schema);
                ps.setString(2, offset.getKey().topic());
                ps.setInt(3, offset.getKey().partition());
                ps.setLong(4, offset.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void writeProgress(Connection connection, Map<String, Long> maxSourceTsMs) throws SQLException {
        if (maxSourceTsMs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(ControlStatements.upsertProgress())) {
            for (Map.Entry<String, Long> progress : maxSourceTsMs.entrySet()) {
                ps.setString(1, progress.getKey());
                ps.setLong(2, progress.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void writeDeadLetters(Connection connection, List<DeadLetter> deadLetters) throws SQLException {
        if (deadLetters.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(ControlStatements.insertDeadLetter())) {
            for (DeadLetter d : deadLetters) {
                ps.setString(1, text(d.position().topic()));
                ps.setInt(2, d.position().partition());
                ps.setLong(3, d.position().offset());
                setText(ps, 4, d.collection());
                setText(ps, 5, d.documentId());
                ps.setString(6, text(d.reason()));
                setText(ps, 7, d.sqlstate());
                setText(ps, 8, d.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, text(value));
        }
    }

    /** PostgreSQL text cannot hold U+0000; a dead letter must still be written, so it is shown escaped. */
    static String text(String value) {
        return value.replace("\0", "\\u0000");
    }
}
