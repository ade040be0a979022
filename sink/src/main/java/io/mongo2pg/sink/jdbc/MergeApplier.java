package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.sql.DmlStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upsert path: applies encoded RowSets (at most one per document) to tables that may hold their documents
 * already, in the caller's transaction, set-based, per collection:
 * <ol>
 *   <li>COPY the deleted {@code _id}s into a staging table; delete their dependent rows, then their root rows;</li>
 *   <li>COPY the upserted root rows into a staging table; delete their dependent rows (so an array that shrank,
 *       even to empty, leaves no row behind); merge the roots with one {@code INSERT ... SELECT ... ON CONFLICT DO
 *       UPDATE};</li>
 *   <li>COPY their current dependent rows straight into the dependent tables (no conflict is possible: the
 *       document's old rows are gone).</li>
 * </ol>
 * The staging tables are temporary (per connection, created on first use), emptied before every load.
 */
final class MergeApplier {
    private final DmlStatements statements;

    MergeApplier(DmlStatements statements) {
        this.statements = statements;
    }

    /** @return the rows written (root and dependent rows of the upserts) */
    long apply(Connection connection, List<EncodedRowSet> rowSets) throws SQLException {
        long rows = 0;
        for (Map.Entry<CollectionTables, List<EncodedRowSet>> group : byCollection(rowSets).entrySet()) {
            rows += applyCollection(connection, group.getKey(), group.getValue());
        }
        return rows;
    }

    static Map<CollectionTables, List<EncodedRowSet>> byCollection(List<EncodedRowSet> rowSets) {
        Map<String, CollectionTables> tables = new LinkedHashMap<>();
        Map<String, List<EncodedRowSet>> groups = new LinkedHashMap<>();
        for (EncodedRowSet rowSet : rowSets) {
            tables.putIfAbsent(rowSet.collection(), rowSet.tables());
            groups.computeIfAbsent(rowSet.collection(), c -> new ArrayList<>()).add(rowSet);
        }
        Map<CollectionTables, List<EncodedRowSet>> byCollection = new LinkedHashMap<>();
        groups.forEach((collection, group) -> byCollection.put(tables.get(collection), group));
        return byCollection;
    }

    private long applyCollection(Connection connection, CollectionTables tables, List<EncodedRowSet> rowSets)
            throws SQLException {
        TableDef root = tables.root();
        List<String> deleted = new ArrayList<>();
        List<String> upserted = new ArrayList<>();
        rowSets.forEach(r -> (r.isDelete() ? deleted : upserted).add(r.isDelete() ? r.idField() : r.rootLine()));
        try (Statement st = connection.createStatement()) {
            st.execute(statements.createRootStaging(root) + "; " + statements.createDeletedStaging(root) + "; "
                    + statements.truncateStaging(root));
            if (!deleted.isEmpty()) {
                CopyLoader.copy(connection, statements.copyIntoDeletedStaging(root), deleted);
                for (TableDef dependent : reversed(tables.dependents())) {
                    st.executeUpdate(statements.deleteDependentsOfDeleted(dependent, root));
                }
                st.executeUpdate(statements.deleteRoots(root));
            }
            if (upserted.isEmpty()) {
                return 0;
            }
            CopyLoader.copy(connection, statements.copyIntoRootStaging(root), upserted);
            for (TableDef dependent : reversed(tables.dependents())) {
                st.executeUpdate(statements.deleteDependentsOfStaged(dependent, root));
            }
            st.executeUpdate(statements.mergeRoot(root));
        }
        return upserted.size() + copyDependents(connection, statements, tables, rowSets);
    }

    /** Loads the dependent rows of the upserts, table by table in model order (parents before their children). */
    static long copyDependents(Connection connection, DmlStatements statements, CollectionTables tables,
                               List<EncodedRowSet> rowSets) throws SQLException {
        long rows = 0;
        for (int i = 0; i < tables.dependents().size(); i++) {
            List<String> lines = new ArrayList<>();
            for (EncodedRowSet rowSet : rowSets) {
                if (!rowSet.isDelete()) {
                    lines.addAll(rowSet.dependentLines().get(i));
                }
            }
            rows += CopyLoader.copy(connection, statements.copyInto(tables.dependents().get(i)), lines);
        }
        return rows;
    }

    /** Only the dependents that carry {@code _root_id}, deepest first (grandchildren before their parents). */
    private static List<TableDef> reversed(List<TableDef> dependents) {
        List<TableDef> reversed = new ArrayList<>();
        for (int i = dependents.size() - 1; i >= 0; i--) {
            if (DmlStatements.hasRootId(dependents.get(i))) {
                reversed.add(dependents.get(i));
            }
        }
        return reversed;
    }
}
