package io.mongo2pg.bench.sink;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limit: PostgreSQL's own COPY of exactly the rows the sink wrote, on one connection. The rows are
 * dumped once from a loaded database, in text and in binary COPY format, and replayed from memory into fresh tables,
 * so nothing but PostgreSQL's ingest is timed: into bare tables, and into tables with the mapping's keys and indexes.
 * Text is the format psql's {@code \copy} and most loaders use; binary spares PostgreSQL the parsing of numbers,
 * timestamps and array literals and is the higher of the two limits.
 */
final class CopyBaseline {
    /** COPY's two wire formats, by the name COPY's FORMAT option takes. */
    enum Format {
        TEXT, BINARY
    }

    private final Map<Format, Map<String, byte[]>> dumps = new EnumMap<>(Format.class);
    private final List<TableDef> tables;
    private final RelationalModel model;
    private long rows;

    CopyBaseline(RelationalModel model, List<TableDef> tables) {
        this.model = model;
        this.tables = tables;
    }

    boolean isDumped() {
        return !dumps.isEmpty();
    }

    void dumpFrom(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (Format format : Format.values()) {
                Map<String, byte[]> dump = new LinkedHashMap<>();
                rows = 0;
                for (TableDef table : tables) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    rows += copy.copyOut("COPY " + SqlIdentifier.quote(table.name()) + " TO STDOUT (FORMAT "
                            + format.name().toLowerCase(Locale.ROOT) + ")", out);
                    dump.put(table.name(), out.toByteArray());
                }
                dumps.put(format, dump);
            }
        }
    }

    BenchResult run(String name, String jdbcUrl, Format format, boolean withKeysAndIndexes) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            createTables(c, withKeysAndIndexes);
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (Map.Entry<String, byte[]> table : dumps.get(format).entrySet()) {
                copy.copyIn("COPY " + SqlIdentifier.quote(table.getKey()) + " FROM STDIN (FORMAT "
                        + format.name().toLowerCase(Locale.ROOT) + ")",
                        new ByteArrayInputStream(table.getValue()));
            }
            c.commit();
            return new BenchResult(name, rows, System.nanoTime() - start);
        }
    }

    private void createTables(Connection c, boolean withKeysAndIndexes) throws Exception {
        try (Statement s = c.createStatement()) {
            if (withKeysAndIndexes) {
                for (String ddl : new DdlGenerator("public").createStatements(model)) {
                    s.execute(ddl);
                }
                return;
            }
            for (TableDef table : tables) {
                s.execute("CREATE TABLE " + SqlIdentifier.quote(table.name()) + " (" + table.columns().stream()
                        .map(col -> SqlIdentifier.quote(col.name()) + " " + col.type().sqlType())
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
    }
}
