package io.mongo2pg.mapping.avro;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro schema of each collection's RowSets, generated from the mapping: record {@code RowSet} in namespace
 * {@code io.mongo2pg.rows.<collection>} with the change's {@code collection}, {@code op}, {@code id} (the
 * {@code _id} as canonical Extended JSON) and {@code source}, then one array field per table of the collection
 * (root, child, link, 1:1) holding that table's rows, one Avro field per column.
 *
 * <p>Every column is nullable with default null and every table array defaults to empty, so a column or table added
 * to the mapping yields a schema that can read old RowSets (backward) and whose RowSets old readers can read
 * (forward); a changed column type is an incompatible change, as it is for the PostgreSQL table.
 */
public final class RowSetSchemas {
    static final String NAMESPACE = "io.mongo2pg.rows";
    /** The field property of a column that holds its column type's name (ColumnType#yamlName). */
    static final String TYPE_PROPERTY = "mongo2pg.type";
    private static final Schema OPERATION = SchemaBuilder.enumeration("Operation").namespace(NAMESPACE)
            .symbols("UPSERT", "DELETE");
    private static final Schema SOURCE = SchemaBuilder.record("SourcePosition").namespace(NAMESPACE).fields()
            .requiredString("collection").requiredLong("ts_ms").requiredInt("ord").requiredBoolean("snapshot")
            .optionalString("txn").endRecord();

    private final Map<String, Schema> byCollection;
    private final RelationalModel model;

    private RowSetSchemas(RelationalModel model, Map<String, Schema> byCollection) {
        this.model = model;
        this.byCollection = byCollection;
    }

    public static RowSetSchemas of(Mapping mapping) {
        RelationalModel model = RelationalModel.of(mapping);
        Map<String, Schema> schemas = new LinkedHashMap<>();
        model.collections().forEach(c -> schemas.put(c.collection(), schemaOf(c)));
        return new RowSetSchemas(model, schemas);
    }

    /** The schema of a collection's RowSets. */
    public Schema forCollection(String collection) {
        Schema schema = byCollection.get(collection);
        if (schema == null) {
            throw new IllegalArgumentException("Collection '" + collection + "' is not in the mapping; mapped: "
                    + byCollection.keySet());
        }
        return schema;
    }

    public List<Schema> all() {
        return List.copyOf(byCollection.values());
    }

    RelationalModel model() {
        return model;
    }

    /** A record of just the header fields every RowSet schema starts with, in their order. */
    static Schema header() {
        return Schema.createRecord("RowSetHeader", null, NAMESPACE, false, headerFields());
    }

    private static List<Schema.Field> headerFields() {
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field("collection", Schema.create(Schema.Type.STRING)));
        fields.add(new Schema.Field("op", OPERATION));
        fields.add(new Schema.Field("id", Schema.create(Schema.Type.STRING), "the _id as canonical Extended JSON"));
        fields.add(new Schema.Field("source", nullable(SOURCE), null, JsonProperties.NULL_VALUE));
        return fields;
    }

    private static Schema schemaOf(CollectionTables tables) {
        String namespace = NAMESPACE + "." + AvroNames.of(tables.collection());
        List<Schema.Field> fields = headerFields();
        for (TableDef table : tables.all()) {
            Schema.Field field = new Schema.Field(AvroNames.of(table.name()),
                    Schema.createArray(rowSchema(table, namespace)), "rows of table " + table.name(), List.of());
            field.addProp(AvroNames.TABLE_PROPERTY, table.name());
            fields.add(field);
        }
        return Schema.createRecord("RowSet", "One document change of collection " + tables.collection(), namespace,
                false, fields);
    }

    private static Schema rowSchema(TableDef table, String namespace) {
        List<Schema.Field> fields = new ArrayList<>();
        for (ColumnDef column : table.columns()) {
            Schema.Field field = new Schema.Field(AvroNames.of(column.name()),
                    nullable(ColumnValues.schema(column.type())), null, JsonProperties.NULL_VALUE);
            field.addProp(AvroNames.COLUMN_PROPERTY, column.name());
            field.addProp(TYPE_PROPERTY, column.type().yamlName());
            fields.add(field);
        }
        return Schema.createRecord("Row_" + AvroNames.of(table.name()), null, namespace, false, fields);
    }

    private static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }
}
