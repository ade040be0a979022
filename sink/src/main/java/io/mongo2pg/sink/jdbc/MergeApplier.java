package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.sql.DmlStatements;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upsert path: applies encoded RowSets (at most one per document) to tables that may hold their documents
 * already, in the caller's transaction, set-based, per collection:
 * <ol>
 *   <li>deletes: remove the documents' dependent rows (deepest table first), then their root rows, by
 *       {@code _id = ANY(array)};</li>
 *   <li>ask which upserted documents the root table holds already ({@link DmlStatements#selectExisting});</li>
 *   <li>new documents: COPY their rows straight into the tables, as a bulk load would. Should one exist after all
 *       (another writer inserted it since: a unique violation), they take the next step instead;</li>
 *   <li>existing documents: COPY their root rows into a staging table and merge them with one {@code INSERT ...
 *       SELECT ... ON CONFLICT DO UPDATE}; stage their current dependent rows too, then delete the stored rows that
 *       are not current (so an array that shrank, even to empty, leaves no row behind) and insert the current rows
 *       not stored: an update writes only the rows that changed. Collections with grandchild tables replace all
 *       dependent rows instead (see {@link #diffable}).</li>
 * </ol>
 * The staging tables are temporary (per connection, created on first use), emptied before every load.
 */
final class MergeApplier {
    private static final String UNIQUE_VIOLATION = "23505";

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
        List<EncodedRowSet> deleted = new ArrayList<>();
        List<EncodedRowSet> upserted = new ArrayList<>();
        rowSets.forEach(r -> (r.isDelete() ? deleted : upserted).add(r));
        if (!deleted.isEmpty()) {
            deleteDocuments(connection, tables, deleted, true);
        }
        if (upserted.isEmpty()) {
            return 0;
        }
        List<EncodedRowSet> existing = new ArrayList<>();
        List<EncodedRowSet> fresh = new ArrayList<>();
        boolean[] held = existing(connection, tables.root(), upserted);
        for (int i = 0; i < held.length; i++) {
            (held[i] ? existing : fresh).add(upserted.get(i));
        }
        long rows = 0;
        if (!fresh.isEmpty()) {
            long copied = insertFresh(connection, tables, fresh);
            if (copied < 0) {
                existing.addAll(fresh); // another writer inserted one of them meanwhile: merge them all
            } else {
                rows += copied;
            }
        }
        if (!existing.isEmpty()) {
            rows += merge(connection, tables, existing);
        }
        return rows;
    }

    /** COPY of new documents straight into their tables; -1 (and nothing written) if one exists after all. */
    private long insertFresh(Connection connection, CollectionTables tables, List<EncodedRowSet> fresh)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            long rows = copyAll(connection, statements, tables, fresh);
            connection.releaseSavepoint(savepoint);
            return rows;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            return -1;
        }
    }

    private long merge(Connection connection, CollectionTables tables, List<EncodedRowSet> existing)
            throws SQLException {
        TableDef root = tables.root();
        boolean diff = diffable(tables);
        try (Statement st = connection.createStatement()) {
            st.execute(statements.createRootStaging(root) + "; " + statements.truncateStaging(root));
        }
        CopyLoader.copy(connection, statements.copyIntoRootStaging(root), existing, 0);
        if (!diff) {
            deleteDocuments(connection, tables, existing, false);
        }
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(statements.mergeRoot(root));
        }
        long rows = existing.size();
        for (int i = 0; i < tables.dependents().size(); i++) {
            TableDef dependent = tables.dependents().get(i);
            rows += diff ? replaceChanged(connection, root, dependent, existing, i + 1)
                    : CopyLoader.copy(connection, statements.copyInto(dependent), existing, i + 1);
        }
        return rows;
    }

    /**
     * Whether the dependent rows of documents that exist can be diffed rather than all replaced: when every
     * dependent table hangs off the root directly. A child row that changed is deleted and inserted again, and its
     * own children would go with it (ON DELETE CASCADE), so deeper tables are always replaced whole.
     */
    private static boolean diffable(CollectionTables tables) {
        return tables.dependents().stream().allMatch(t -> DmlStatements.hasRootId(t)
                && t.parentTable().map(tables.root().name()::equals).orElse(false));
    }

    /**
     * Writes only what changed in one dependent table for documents it may hold rows of: their current rows are
     * staged, rows no longer current are deleted and current rows not stored are inserted. An update that leaves an
     * array as it was writes nothing there (no index maintenance, no foreign key check).
     *
     * @return the document's rows in the table (written or found unchanged)
     */
    private long replaceChanged(Connection connection, TableDef root, TableDef dependent, List<EncodedRowSet> existing,
                                int table) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(statements.createDependentStaging(dependent) + "; "
                    + statements.truncateDependentStaging(dependent));
        }
        long rows = CopyLoader.copy(connection, statements.copyIntoDependentStaging(dependent), existing, table);
        Array ids = idArray(connection, existing);
        try {
            execute(connection, statements.deleteChangedDependents(dependent, root), ids);
        } finally {
            ids.free();
        }
        if (rows > 0) {
            try (Statement st = connection.createStatement()) {
                st.executeUpdate(statements.insertChangedDependents(dependent));
            }
        }
        return rows;
    }

    /** Loads every row of the RowSets, table by table in model order (parents before their children). */
    static long copyAll(Connection connection, DmlStatements statements, CollectionTables tables,
                        List<EncodedRowSet> rowSets) throws SQLException {
        List<TableDef> all = tables.all();
        long rows = 0;
        for (int i = 0; i < all.size(); i++) {
            rows += CopyLoader.copy(connection, statements.copyInto(all.get(i)), rowSets, i);
        }
        return rows;
    }

    /** Deletes the documents' dependent rows, deepest table first, and, if asked, their root rows. */
    private void deleteDocuments(Connection connection, CollectionTables tables, List<EncodedRowSet> documents,
                                 boolean roots) throws SQLException {
        Array ids = idArray(connection, documents);
        try {
            for (TableDef dependent : reversed(tables.dependents())) {
                execute(connection, statements.deleteDependents(dependent, tables.root()), ids);
            }
            if (roots) {
                execute(connection, statements.deleteRoots(tables.root()), ids);
            }
        } finally {
            ids.free();
        }
    }

    /** For each document, whether the root table holds it. */
    private boolean[] existing(Connection connection, TableDef root, List<EncodedRowSet> documents)
            throws SQLException {
        boolean[] held = new boolean[documents.size()];
        Array ids = idArray(connection, documents);
        try (PreparedStatement ps = connection.prepareStatement(statements.selectExisting(root))) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held[rs.getInt(1) - 1] = true;
                }
            }
        } finally {
            ids.free();
        }
        return held;
    }

    private static void execute(Connection connection, String sql, Array ids) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, ids);
            ps.executeUpdate();
        }
    }

    private static Array idArray(Connection connection, List<EncodedRowSet> documents) throws SQLException {
        String[] literals = new String[documents.size()];
        for (int i = 0; i < literals.length; i++) {
            literals[i] = documents.get(i).idLiteral();
        }
        return connection.createArrayOf("text", literals);
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
