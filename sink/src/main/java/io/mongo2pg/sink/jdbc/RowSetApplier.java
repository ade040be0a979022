package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.sql.DmlStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes encoded RowSets (at most one per document) with JDBC batching, in the caller's transaction, in four
 * phases: delete the deleted roots (cascading to their rows), upsert the upserted roots, delete the upserted
 * documents' child and link rows, insert their current child and link rows.
 */
final class RowSetApplier {
    private final DmlStatements statements;

    RowSetApplier(DmlStatements statements) {
        this.statements = statements;
    }

    void apply(Connection connection, List<EncodedRowSet> rowSets) throws SQLException {
        Map<String, List<Object[]>> deleteRoots = new LinkedHashMap<>();
        Map<String, List<Object[]>> upsertRoots = new LinkedHashMap<>();
        Map<String, List<Object[]>> deleteDependents = new LinkedHashMap<>();
        Map<String, List<Object[]>> insertDependents = new LinkedHashMap<>();
        for (EncodedRowSet rowSet : rowSets) {
            TableDef root = rowSet.tables().root();
            if (rowSet.isDelete()) {
                add(deleteRoots, statements.deleteRoot(root), new Object[] {rowSet.id()});
                continue;
            }
            add(upsertRoots, statements.upsertRoot(root), rowSet.rootValues());
            for (Map.Entry<TableDef, List<Object[]>> dependent : rowSet.dependentRows().entrySet()) {
                add(deleteDependents, statements.deleteDependents(dependent.getKey()), new Object[] {rowSet.id()});
                for (Object[] row : dependent.getValue()) {
                    add(insertDependents, statements.insertDependent(dependent.getKey()), row);
                }
            }
        }
        execute(connection, deleteRoots);
        execute(connection, upsertRoots);
        execute(connection, deleteDependents);
        execute(connection, insertDependents);
    }

    private static void add(Map<String, List<Object[]>> phase, String sql, Object[] parameters) {
        phase.computeIfAbsent(sql, s -> new ArrayList<>()).add(parameters);
    }

    private static void execute(Connection connection, Map<String, List<Object[]>> phase) throws SQLException {
        for (Map.Entry<String, List<Object[]>> statement : phase.entrySet()) {
            try (PreparedStatement ps = connection.prepareStatement(statement.getKey())) {
                for (Object[] parameters : statement.getValue()) {
                    bind(ps, parameters);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    static void bind(PreparedStatement ps, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, parameters[i]);
            }
        }
    }
}
