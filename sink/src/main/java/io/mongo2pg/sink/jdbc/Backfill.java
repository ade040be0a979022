package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.sql.BackfillStatements;
import io.mongo2pg.sink.sql.ControlStatements;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill fast path's state: which collections this writer loads with plain COPY, and what they loaded.
 *
 * <p>A collection enters backfill when all its tables are empty: its primary keys, foreign keys and plain indexes
 * are dropped (their definitions kept in {@code mongo2pg.backfill_objects}) and a row in {@code mongo2pg.backfill}
 * names this writer its owner. While it owns the backfill, the writer remembers every {@code _id} it loaded, so it
 * knows each upsert is of a new document (plain COPY is then exactly the upsert) and each delete of an unknown one
 * a no-op. The backfill ends, rebuilding what was dropped and analyzing the tables, when the writer is told to, or
 * in the batch that brings a change of a document already loaded.
 *
 * <p>The database decides, never memory alone: each batch reads the backfill rows (locked for share, so none ends
 * under it), and a backfill this writer does not hold in memory, a crashed writer's or another process's, is ended
 * by the first batch that touches its collection, before anything is written. A transaction that rolls back leaves
 * memory in the safe direction (keys are added only after commit; a rolled-back end is redone).
 */
final class Backfill {
    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final String schema;
    private final RelationalModel model;
    private final String owner = UUID.randomUUID().toString();
    private final Map<String, BackfillKeys> owned = new ConcurrentHashMap<>();

    Backfill(String schema, RelationalModel model) {
        this.schema = schema;
        this.model = model;
    }

    /**
     * In the caller's transaction: ends leftover backfills, then starts one for each collection whose tables are
     * all empty. Call {@link #started} with the result after the commit.
     */
    List<String> start(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(ControlStatements.lockSchemaInitialization());
        }
        Map<String, String> existing = backfills(connection);
        List<String> entered = new ArrayList<>();
        for (CollectionTables tables : model.collections()) {
            String collection = tables.collection();
            if (isOwned(collection, existing)) {
                continue;
            }
            if (existing.containsKey(collection)) {
                end(connection, collection);
            }
            if (enter(connection, tables)) {
                entered.add(collection);
            }
        }
        return entered;
    }

    void started(Collection<String> collections) {
        collections.forEach(c -> owned.putIfAbsent(c, new BackfillKeys()));
    }

    /**
     * In a batch's transaction: the collections among {@code collections} this writer backfills in this batch. Any
     * other backfill of them is ended first (its owner crashed or is another writer); a backfill that ended
     * elsewhere is forgotten.
     */
    Set<String> activeFor(Connection connection, Set<String> collections) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(ControlStatements.lockSchemaShared());
        }
        Map<String, String> existing = backfills(connection);
        owned.keySet().removeIf(c -> !existing.containsKey(c));
        Set<String> active = new HashSet<>();
        for (Map.Entry<String, String> backfill : existing.entrySet()) {
            String collection = backfill.getKey();
            if (!collections.contains(collection)) {
                continue;
            }
            if (isOwned(collection, existing)) {
                active.add(collection);
            } else {
                end(connection, collection);
            }
        }
        return active;
    }

    /** Whether this writer's backfill of {@code collection} has loaded the document {@code idField}. */
    boolean isLoaded(String collection, String idField) {
        BackfillKeys keys = owned.get(collection);
        return keys == null || keys.contains(idField);
    }

    /** After a commit: the documents the batch loaded by COPY. */
    void loaded(Map<String, List<String>> idsByCollection) {
        idsByCollection.forEach((collection, ids) -> {
            BackfillKeys keys = owned.get(collection);
            if (keys != null) {
                keys.addAll(ids);
            }
        });
    }

    Set<String> ownedCollections() {
        return Set.copyOf(owned.keySet());
    }

    /**
     * In the caller's transaction: ends the backfill of {@code collection} (waiting for batches that load it), whoever
     * owns it: rebuilds the dropped keys and indexes, analyzes the tables, removes the state rows.
     *
     * @return false when there was no backfill to end
     */
    boolean end(Connection connection, String collection) throws SQLException {
        owned.remove(collection); // before anything: if this transaction rolls back, the next batch ends it again
        try (PreparedStatement ps = connection.prepareStatement(BackfillStatements.selectBackfillForUpdate())) {
            ps.setString(1, schema);
            ps.setString(2, collection);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
        }
        long started = System.nanoTime();
        List<DroppedObject> objects = droppedObjects(connection, collection);
        for (DroppedObject object : objects) {
            restore(connection, object);
        }
        try (Statement st = connection.createStatement()) {
            for (String sql : BackfillStatements.deleteBackfill()) {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, schema);
                    ps.setString(2, collection);
                    ps.executeUpdate();
                }
            }
            st.execute(BackfillStatements.analyze(schema, tableNames(model.forCollection(collection))));
        }
        LOG.info("Backfill of collection '{}' ended: rebuilt {} keys and indexes in {} ms; changes merge from now on",
                collection, objects.size(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private boolean isOwned(String collection, Map<String, String> existing) {
        return owner.equals(existing.get(collection)) && owned.containsKey(collection);
    }

    /** Collection to owner, for the target schema, locked for share. */
    private Map<String, String> backfills(Connection connection) throws SQLException {
        Map<String, String> existing = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(BackfillStatements.selectBackfillsForShare())) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return existing;
    }

    private boolean enter(Connection connection, CollectionTables tables) throws SQLException {
        List<String> names = tableNames(tables);
        try (Statement st = connection.createStatement()) {
            st.execute(BackfillStatements.lockTables(schema, names));
            for (String table : names) {
                try (ResultSet rs = st.executeQuery(BackfillStatements.isEmpty(schema, table))) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return false;
                    }
                }
            }
        }
        if (count(connection, BackfillStatements.foreignKeysFromOutside(), names) > 0) {
            LOG.info("Collection '{}' is not backfilled with plain COPY: other tables have foreign keys to its tables",
                    tables.collection());
            return false;
        }
        List<DroppedObject> objects = droppableObjects(connection, names);
        drop(connection, objects);
        record(connection, tables.collection(), objects);
        LOG.info("Backfill of collection '{}' started: its tables are empty; loading with plain COPY, without {}",
                tables.collection(), objects.stream().map(DroppedObject::name).toList());
        return true;
    }

    /** One primary key, foreign key or plain index dropped for a backfill. */
    private record DroppedObject(String kind, String table, String name, String definition) {
        int rebuildOrder() {
            return switch (kind) {
                case BackfillStatements.PRIMARY_KEY -> 0;
                case BackfillStatements.INDEX -> 1;
                default -> 2;
            };
        }
    }

    private List<DroppedObject> droppableObjects(Connection connection, List<String> tables) throws SQLException {
        List<DroppedObject> objects = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(BackfillStatements.droppableObjects())) {
            bindTables(connection, ps, tables);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    objects.add(new DroppedObject(rs.getString(3), rs.getString(1), rs.getString(2), rs.getString(4)));
                }
            }
        }
        objects.sort(Comparator.comparingInt(DroppedObject::rebuildOrder).thenComparing(DroppedObject::table)
                .thenComparing(DroppedObject::name));
        return objects;
    }

    /** Foreign keys first (they depend on the primary keys), then keys and indexes. */
    private void drop(Connection connection, List<DroppedObject> objects) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (int i = objects.size() - 1; i >= 0; i--) {
                DroppedObject o = objects.get(i);
                st.execute(o.kind().equals(BackfillStatements.INDEX) ? BackfillStatements.dropIndex(schema, o.name())
                        : BackfillStatements.dropConstraint(schema, o.table(), o.name()));
            }
        }
    }

    private void record(Connection connection, String collection, List<DroppedObject> objects) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(BackfillStatements.insertBackfill())) {
            ps.setString(1, schema);
            ps.setString(2, collection);
            ps.setString(3, owner);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement(BackfillStatements.insertObject())) {
            for (int i = 0; i < objects.size(); i++) {
                DroppedObject o = objects.get(i);
                ps.setString(1, schema);
                ps.setString(2, collection);
                ps.setInt(3, i);
                ps.setString(4, o.kind());
                ps.setString(5, o.table());
                ps.setString(6, o.name());
                ps.setString(7, o.definition());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private List<DroppedObject> droppedObjects(Connection connection, String collection) throws SQLException {
        List<DroppedObject> objects = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(BackfillStatements.selectObjects())) {
            ps.setString(1, schema);
            ps.setString(2, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    objects.add(new DroppedObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return objects;
    }

    /** Rebuilds one object unless it exists (the schema initializer re-creates plain indexes at start). */
    private void restore(Connection connection, DroppedObject o) throws SQLException {
        boolean index = o.kind().equals(BackfillStatements.INDEX);
        try (PreparedStatement ps = connection.prepareStatement(index ? BackfillStatements.indexExists()
                : BackfillStatements.constraintExists())) {
            ps.setString(1, schema);
            ps.setString(2, index ? o.name() : o.table());
            if (!index) {
                ps.setString(3, o.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        try (Statement st = connection.createStatement()) {
            // The definitions are PostgreSQL's own (pg_get_indexdef / pg_get_constraintdef), not user input.
            st.execute(index ? o.definition() : BackfillStatements.addConstraint(schema, o.table(), o.name(), o.definition()));
        }
    }

    private long count(Connection connection, String sql, List<String> tables) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindTables(connection, ps, tables);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void bindTables(Connection connection, PreparedStatement ps, List<String> tables) throws SQLException {
        Array names = connection.createArrayOf("text", tables.toArray());
        ps.setString(1, schema);
        ps.setArray(2, names);
        ps.setString(3, schema);
        ps.setArray(4, names);
    }

    private static List<String> tableNames(CollectionTables tables) {
        return tables.all().stream().map(TableDef::name).toList();
    }
}
