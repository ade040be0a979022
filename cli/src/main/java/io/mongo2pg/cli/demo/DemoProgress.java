package io.mongo2pg.cli.demo;

import com.mongodb.client.MongoDatabase;
import io.mongo2pg.cli.runtime.SingleProcessPipeline;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Watches PostgreSQL until the snapshot and each live change have landed, and prints what is there. */
final class DemoProgress {
    private static final long POLL_MS = 200;

    private final EmbeddedPostgresServer postgres;
    private final Mapping mapping;
    private final SingleProcessPipeline pipeline;
    private final PrintWriter out;

    DemoProgress(EmbeddedPostgresServer postgres, Mapping mapping, SingleProcessPipeline pipeline, PrintWriter out) {
        this.postgres = postgres;
        this.mapping = mapping;
        this.pipeline = pipeline;
        this.out = out;
    }

    boolean awaitSnapshot(Map<String, Long> expectedRows, Duration within) throws InterruptedException {
        long started = System.nanoTime();
        for (Map.Entry<String, Long> table : expectedRows.entrySet()) {
            String sql = "SELECT count(*) FROM " + SqlIdentifier.quote(table.getKey());
            if (!awaitCount(sql, table.getValue(), within)) {
                out.printf("Snapshot did not land: %s has %d rows, expected %d%n", table.getKey(), count(sql), table.getValue());
                return false;
            }
        }
        out.printf("Initial snapshot landed in PostgreSQL after %d ms.%n", (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    boolean applyLiveChanges(MongoDatabase db, List<DemoChange> changes, Duration within) throws InterruptedException {
        boolean all = true;
        for (DemoChange change : changes) {
            long started = System.nanoTime();
            change.apply().accept(db);
            boolean landed = awaitCount(change.landedCountSql(), change.expected(), within);
            out.printf("  %s %-72s %s%n", landed ? "OK  " : "MISS", change.description(),
                    landed ? "landed in " + (System.nanoTime() - started) / 1_000_000 + " ms" : "did not land");
            out.flush();
            all &= landed;
        }
        return all;
    }

    void printTables() {
        out.println();
        out.println("Tables in PostgreSQL (schema public):");
        for (TableDef table : RelationalModel.of(mapping).allTables()) {
            out.printf("  %-20s %-6s %6d rows%n", table.name(), table.kind().name().toLowerCase(),
                    count("SELECT count(*) FROM " + SqlIdentifier.quote(table.name())));
        }
        out.printf("  %-20s %-6s %6d rows%n", "mongo2pg.dead_letters", "", count("SELECT count(*) FROM mongo2pg.dead_letters"));
    }

    private boolean awaitCount(String sql, long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (pipeline.sink().failure().isPresent() || pipeline.publisher().failure().isPresent()) {
                out.println("The pipeline failed: " + pipeline.sink().failure().map(Throwable::toString)
                        .orElseGet(() -> pipeline.publisher().failure().orElseThrow().toString()));
                return false;
            }
            if (count(sql) == expected) {
                return true;
            }
            Thread.sleep(POLL_MS);
        }
        return false;
    }

    private long count(String sql) {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // Tables appear only once the sink has started: until then there is nothing to count.
            return -1;
        }
    }
}
