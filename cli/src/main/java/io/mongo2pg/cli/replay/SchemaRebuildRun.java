package io.mongo2pg.cli.replay;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/** {@code replay --into-schema NEW}: rebuild up to the row topics' current end, resumable, then tell how to swap. */
final class SchemaRebuildRun {
    private final ReplayContext context;
    private final KafkaGroups groups;
    private final PrintWriter out;

    SchemaRebuildRun(ReplayContext context, KafkaGroups groups, PrintWriter out) {
        this.context = context;
        this.groups = groups;
        this.out = out;
    }

    void run(String schema, Path config) throws ExecutionException, InterruptedException, TimeoutException,
            SQLException {
        List<TopicPartition> partitions = groups.partitions(context.rowTopics(context.collections(List.of())),
                new java.util.ArrayList<>());
        Map<TopicPartition, Long> end = groups.endOffsets(partitions);
        try (Connection connection = io.mongo2pg.cli.verify.Verifier.connect(context.config())) {
            StoredOffsets.createRebuildTable(connection);
            if (schemaExists(connection, schema) && StoredOffsets.rebuildOffsets(connection, schema).isEmpty()) {
                throw new IllegalArgumentException("Schema '" + schema + "' exists and is not a rebuild in progress; "
                        + "choose another --into-schema, or drop it first (DROP SCHEMA " + quote(schema) + " CASCADE)");
            }
        }
        try (SchemaRebuild rebuild = context.rebuild(schema)) {
            try (Connection connection = rebuild.connection()) {
                // Marks the schema as a rebuild in progress from its first moment, so that a rerun resumes it.
                Map<TopicPartition, Long> start = new java.util.HashMap<>();
                partitions.forEach(tp -> start.put(tp, 0L));
                start.putAll(StoredOffsets.rebuildOffsets(connection, schema));
                StoredOffsets.setRebuildOffsets(connection, schema, start);
            }
            rebuild.startBackfill();
            long applied = rebuild.applyUntil(end);
            rebuild.finishBackfill();
            out.println("rebuilt schema '" + schema + "': " + applied + " records applied, up to the row topics' end "
                    + "when the rebuild started " + end.values().stream().mapToLong(Long::longValue).sum()
                    + " (offsets summed). The live sink keeps writing '" + context.config().postgres().schema() + "'.");
            out.println("Make it current with: mongo2pg replay swap --config " + config + " --schema " + schema);
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
