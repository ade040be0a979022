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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limit: PostgreSQL's own COPY of exactly the rows the sink wrote. The rows are dumped once in
 * binary COPY format from a loaded database and replayed from memory into fresh tables, so nothing but
 * PostgreSQL's ingest is timed: once into bare tables, once into tables with the mapping's keys and indexes.
 */
final class CopyBaseline {
    private final Map<String, byte[]> dump = new LinkedHashMap<>();
    private final List<TableDef> tables;
    private final RelationalModel model;
    private long rows;

    CopyBaseline(RelationalModel model, List<TableDef> tables) {
        this.model = model;
        this.tables = tables;
    }

    void dumpFrom(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (TableDef table : tables) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                rows += copy.copyOut("COPY " + SqlIdentifier.quote(table.name()) + " TO STDOUT (FORMAT binary)", out);
                dump.put(table.name(), out.toByteArray());
            }
        }
    }

    BenchResult run(String name, String jdbcUrl, boolean withKeysAndIndexes) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            createTables(c, withKeysAndIndexes);
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (Map.Entry<String, byte[]> table : dump.entrySet()) {
                copy.copyIn("COPY " + SqlIdentifier.quote(table.getKey()) + " FROM STDIN (FORMAT binary)",
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
