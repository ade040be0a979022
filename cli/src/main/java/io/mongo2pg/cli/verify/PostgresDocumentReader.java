package io.mongo2pg.cli.verify;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.schema.TableKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads one collection's documents back from PostgreSQL: the root rows and every dependent row of a batch of ids,
 * decoded into BSON and reassembled by the mapping's inverse. Only the batch is held in memory.
 */
final class PostgresDocumentReader {
    private final Connection connection;
    private final String schema;
    private final CollectionTables tables;
    private final Reassembler reassembler;
    private final BinarySubtypes subtypes;

    PostgresDocumentReader(Connection connection, String schema, Mapping mapping, RelationalModel model,
                           String collection) {
        this.connection = connection;
        this.schema = schema;
        this.tables = model.forCollection(collection);
        this.reassembler = new Reassembler(mapping);
        this.subtypes = new BinarySubtypes(mapping);
    }

    long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + qualified(schema, tables.root().name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The documents with these ids that PostgreSQL holds, by {@link IdParameter#key}. */
    Map<String, BsonDocument> documents(List<BsonValue> ids) throws SQLException {
        List<String> texts = new ArrayList<>();
        ids.forEach(id -> IdParameter.text(tables.root().column(RelationalModel.ID).type(), id).ifPresent(texts::add));
        Map<String, List<Row>> rowsById = new LinkedHashMap<>();
        if (texts.isEmpty()) {
            return Map.of();
        }
        for (TableDef table : tables.all()) {
            String keyColumn = table.kind() == TableKind.ROOT ? RelationalModel.ID : RelationalModel.ROOT_ID;
            readRows(table, keyColumn, texts, rowsById);
        }
        Map<String, BsonDocument> documents = new HashMap<>();
        rowsById.forEach((key, rows) -> {
            if (rows.stream().anyMatch(r -> r.table().equals(tables.root().name()))) {
                documents.put(key, reassembler.reassemble(tables.collection(), rows));
            }
        });
        return documents;
    }

    private void readRows(TableDef table, String keyColumn, List<String> ids, Map<String, List<Row>> rowsById)
            throws SQLException {
        String idType = table.column(keyColumn).type().sqlType();
        String sql = "SELECT " + table.columns().stream().map(c -> ColumnDecoder.selectExpression(c.name(), c.type()))
                .collect(Collectors.joining(", ")) + " FROM " + qualified(schema, table.name()) + " WHERE "
                + quote(keyColumn) + " = ANY(CAST(CAST(? AS text[]) AS " + idType + "[]))";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(table, rs);
                    rowsById.computeIfAbsent(IdParameter.key(row.get(keyColumn)), k -> new ArrayList<>()).add(row);
                }
            }
        }
    }

    private Row row(TableDef table, ResultSet rs) throws SQLException {
        BsonDocument values = new BsonDocument();
        List<ColumnDef> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef column = columns.get(i);
            try {
                values.put(column.name(), ColumnDecoder.read(rs, i + 1, column.type(),
                        subtypes.of(table.name(), column.name())));
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot read column " + table.name() + "." + column.name() + " ("
                        + column.type().sqlType() + ") back into BSON: " + e.getMessage() + "; the row holds a value "
                        + "the sink never writes: fix or delete it, or replay the collection", e);
            }
        }
        return new Row(table.name(), values);
    }

    /** Streams every root id (a server-side cursor of {@code fetchSize}), or a random sample of {@code sample}. */
    void forEachId(Integer sample, int fetchSize, Consumer<BsonValue> action) throws SQLException {
        ColumnDef id = tables.root().column(RelationalModel.ID);
        String sql = "SELECT " + ColumnDecoder.selectExpression(id.name(), id.type()) + " FROM "
                + qualified(schema, tables.root().name()) + (sample == null ? "" : " ORDER BY random() LIMIT ?");
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a server-side cursor needs a transaction
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(fetchSize);
            if (sample != null) {
                statement.setInt(1, sample);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    action.accept(ColumnDecoder.read(rs, 1, id.type(), (byte) 0));
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }
}
