package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.ExcludedFields;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Properties over generated documents of random shape and type, against a mapping that uses every placement:
 * flattened columns, 1:1 tables nested in each other, children with grandchildren and great-grandchildren, a
 * naturally keyed child, arrays of scalars as columns and as tables, a link table, exclusions, a field whose
 * type varies, and an {@code _id} of any type.
 */
class NormalizerPropertiesTest {
    static final Mapping MAPPING = SharedData.mapping("""
            separator: "__"
            collections:
              things:
                id: {type: jsonb}
                columns:
                  n: integer
                  big: bigint
                  d: {type: double, onMismatch: extra}
                  dec: numeric
                  s: text
                  when: timestamptz
                  flag: boolean
                  oid: objectid
                  uid: uuid
                  bin: bytea
                  tags: text[]
                  nums: double[]
                  meta.kind: text
                  meta.deep.level: integer
                  any: jsonb
                subdocuments:
                  profile: {columns: {name: text}, subdocuments: {address: {columns: {city: text}}}}
                children:
                  items:
                    columns: {sku: text, qty: integer}
                    subdocuments: {box: {columns: {size: integer}}}
                    children:
                      parts: {columns: {code: text}, children: {notes: {value: {type: text}}}}
                    exclude: [secret]
                  keyed: {key: k, columns: {k: integer, v: text}}
                  words: {value: {type: text, column: word}}
                links:
                  refs: {references: things._id}
                exclude: [password, meta.hidden]
            """);
    private static final CollectionMapping THINGS = MAPPING.collection("things").orElseThrow();
    private static final CollectionTables TABLES = RelationalModel.of(MAPPING).forCollection("things");
    private final Normalizer normalizer = new Normalizer(MAPPING);
    private final Reassembler reassembler = new Reassembler(MAPPING);

    @Provide
    Arbitrary<BsonDocument> validDocuments() {
        return new GeneratedDocuments(true).things().map(BsonValue::asDocument);
    }

    @Provide
    Arbitrary<BsonDocument> anyDocuments() {
        return new GeneratedDocuments(false).things().map(BsonValue::asDocument);
    }

    @Property(tries = 300)
    void documentsWhoseMappedFieldsFitComeBackFromTheirRows(@ForAll("validDocuments") BsonDocument document) {
        RowSet rowSet = normalizer.upsert("things", document, null);

        assertRowsFitTheirTables(rowSet.rows(), document.get("_id"));
        List<Row> received = throughJsonb(RowSetCodec.decode(RowSetCodec.encode(rowSet)).rows());
        assertThat(Documents.ordered(reassembler.reassemble("things", received)))
                .isEqualTo(Documents.ordered(ExcludedFields.without(THINGS, document)));
        Statistics.label("tables filled").collect(rowSet.rows().stream().map(Row::table).distinct().count() > 4);
    }

    @Property(tries = 300)
    void anyDocumentEitherComesBackOrIsRefusedNamingAPathItHas(@ForAll("anyDocuments") BsonDocument document) {
        List<Row> rows;
        try {
            rows = normalizer.normalize("things", document);
        } catch (DocumentMappingException e) {
            assertThat(e.collection()).isEqualTo("things");
            assertThat(resolves(document, e.fieldPath()) || namesMissingFieldOfItsElement(document, e))
                    .as(e.getMessage()).isTrue();
            Statistics.label("outcome").collect("refused");
            return;
        }
        assertRowsFitTheirTables(rows, document.get("_id"));
        assertThat(Documents.ordered(reassembler.reassemble("things", rows)))
                .isEqualTo(Documents.ordered(ExcludedFields.without(THINGS, document)));
        Statistics.label("outcome").collect("placed");
    }

    /** The normalizer copies one level at a time and shares values with its input; the input must stay as it was. */
    @Property(tries = 200)
    void normalizingLeavesTheDocumentAsItWas(@ForAll("anyDocuments") BsonDocument document) {
        BsonDocument before = document.clone();
        try {
            normalizer.normalize("things", document);
        } catch (DocumentMappingException e) {
            // refused or not, the document must be untouched
        }

        assertThat(document).isEqualTo(before);
    }

    /**
     * What the sink relies on: known tables and columns, values its encoder accepts, {@code _root_id} on every
     * dependent row, unique primary keys, and every dependent row's parent row present.
     */
    private static void assertRowsFitTheirTables(List<Row> rows, BsonValue id) {
        Map<String, TableDef> tables = TABLES.all().stream().collect(Collectors.toMap(TableDef::name, t -> t));
        Map<String, Set<List<BsonValue>>> keys = new java.util.HashMap<>();
        assertThat(rows.get(0).table()).isEqualTo(TABLES.root().name());
        for (Row row : rows) {
            TableDef table = tables.get(row.table());
            assertThat(table).as(row.table()).isNotNull();
            assertThat(table.columnNames()).containsAll(row.values().keySet());
            table.columns().forEach(c -> {
                BsonValue value = row.get(c.name());
                assertThat(value == null || c.type().accepts(value)).as("%s.%s = %s", table.name(), c.name(), value).isTrue();
                assertThat(!c.notNull() || value != null && !value.isNull()).as("%s.%s not null", table.name(), c.name()).isTrue();
            });
            if (table.parentTable().isPresent()) {
                assertThat(row.get(RelationalModel.ROOT_ID)).isEqualTo(id);
                List<BsonValue> parentKey = table.parentColumns().stream().map(row::get).toList();
                assertThat(keys.getOrDefault(table.parentTable().get() + table.parentKey(), Set.of()))
                        .as("parent row of %s", ExtendedJson.canonical(row.values())).contains(parentKey);
            }
            assertThat(keys.computeIfAbsent(table.name() + table.primaryKey(), k -> new HashSet<>())
                    .add(table.primaryKey().stream().map(row::get).toList())).as("unique key in %s", table.name()).isTrue();
            keys.computeIfAbsent(table.name() + rowKeyColumns(table), k -> new HashSet<>())
                    .add(rowKeyColumns(table).stream().map(row::get).toList());
        }
    }

    /** The rows as jsonb columns would give them back: every jsonb value with its object keys in jsonb's order. */
    private static List<Row> throughJsonb(List<Row> rows) {
        Map<String, TableDef> tables = TABLES.all().stream().collect(Collectors.toMap(TableDef::name, t -> t));
        return rows.stream().map(row -> {
            BsonDocument values = new BsonDocument();
            row.values().forEach((column, value) -> {
                boolean jsonb = tables.get(row.table()).column(column).type() == io.mongo2pg.mapping.model.ColumnType.JSONB;
                values.put(column, !jsonb || value.isNull() ? value : ExtendedJson.parseDocument(JsonbOrder.reorder(
                        ExtendedJson.canonical(new BsonDocument("v", value)))).get("v"));
            });
            return new Row(row.table(), values);
        }).toList();
    }

    /** The columns children reference this table by: {@code _id} for the root, the ordinal key otherwise. */
    private static List<String> rowKeyColumns(TableDef table) {
        return table.alternateKeys().isEmpty() ? table.primaryKey() : table.alternateKeys().get(0);
    }

    /** Whether {@code path} (keys and array indexes, dotted) leads to something in {@code value}. */
    /** A missing natural key is named by the path it should have, within an element the document has. */
    private static boolean namesMissingFieldOfItsElement(BsonDocument document, DocumentMappingException e) {
        int dot = e.fieldPath().lastIndexOf('.');
        return e.getMessage().contains("is missing or null") && dot > 0
                && resolves(document, e.fieldPath().substring(0, dot));
    }

    private static boolean resolves(BsonValue value, String path) {
        if (path.isEmpty()) {
            return true;
        }
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String tail = dot < 0 ? "" : path.substring(dot + 1);
        if (value.isJavaScriptWithScope() && head.equals("$scope")) {
            return resolves(value.asJavaScriptWithScope().getScope(), tail);
        }
        if (value.isDocument() && value.asDocument().containsKey(head)) {
            return resolves(value.asDocument().get(head), tail);
        }
        if (value.isArray() && head.matches("\\d+") && Integer.parseInt(head) < value.asArray().size()) {
            return resolves(value.asArray().get(Integer.parseInt(head)), tail);
        }
        return false;
    }
}
