package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

/**
 * The generated DDL on a real PostgreSQL (zonky embedded binaries, fsync off): every example mapping's tables
 * apply twice (idempotent) and match the model; its cutover keys apply; nested tables cascade as the sink needs.
 */
class DdlOnPostgresTest {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void shouldApplyEveryExampleMappingTwiceWithCutoverKeysAndMatchingCatalog() throws SQLException {
        for (Path example : SharedData.exampleMappings()) {
            String schema = example.getFileName().toString().replace(".yml", "");
            RelationalModel model = RelationalModel.of(MappingLoader.load(example));
            DdlGenerator ddl = new DdlGenerator(schema);
            try (Connection c = connect()) {
                for (int run = 0; run < 2; run++) {
                    execute(c, ddl.createStatements(model));
                    execute(c, ddl.cutoverStatements(model));
                }
                for (TableDef table : model.allTables()) {
                    assertThat(columns(c, schema, table.name())).as("%s.%s", schema, table.name())
                            .isEqualTo(table.columns().stream().collect(Collectors.toMap(ColumnDef::name,
                                    col -> col.type().sqlType().replace("timestamptz", "timestamp with time zone"))));
                }
                long dependents = model.allTables().stream().filter(t -> t.parentTable().isPresent()).count();
                assertThat(count(c, "SELECT count(*) FROM information_schema.referential_constraints WHERE "
                        + "constraint_schema = '" + schema + "' AND delete_rule = 'CASCADE'")).isEqualTo(dependents);
                assertThat(count(c, "SELECT count(*) FROM information_schema.referential_constraints WHERE "
                        + "constraint_schema = '" + schema + "' AND delete_rule = 'NO ACTION'"))
                        .isEqualTo(model.crossReferences().size());
            }
        }
    }

    @Test
    void shouldCascadeFromEveryParentRowAndLetTheSinkReplaceRowsByRootId() throws SQLException {
        Mapping mapping = SharedData.mapping(NestedNormalizerTest.ORDERS);
        RelationalModel model = RelationalModel.of(mapping);
        BsonDocument order = ExtendedJson.parseDocument("""
                {"_id": 1, "customer": {"name": "Ann"}, "tags": ["a", null],
                 "lines": [{"sku": "a", "shipping": {"carrier": "UPS"}, "discounts": [{"code": "D1"}, {"code": "D2"}]},
                           {"sku": "b", "discounts": [{"code": "D3", "note": {"$numberDecimal": "1.10"}}]}]}""");
        try (Connection c = connect()) {
            execute(c, new DdlGenerator("nested").createStatements(model));
            insert(c, "nested", model, new Normalizer(mapping).normalize("orders", order));
            assertThat(count(c, "SELECT count(*) FROM nested.line_discounts")).isEqualTo(3);
            assertThat(text(c, "SELECT _extra::text FROM nested.line_discounts WHERE code = 'D3'"))
                    .isEqualTo("{\"note\": {\"$numberDecimal\": \"1.10\"}}");

            execute(c, List.of("DELETE FROM nested.orders_lines WHERE sku = 'a'"));
            assertThat(count(c, "SELECT count(*) FROM nested.line_discounts")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM nested.line_shipping")).isZero();

            execute(c, List.of("DELETE FROM nested.orders WHERE _id = 1"));
            for (TableDef table : model.allTables()) {
                assertThat(count(c, "SELECT count(*) FROM nested.\"" + table.name() + "\"")).as(table.name()).isZero();
            }
        }
    }

    @Test
    void shouldGiveBackEveryBsonTypeFromARealJsonbColumn() throws SQLException {
        BsonDocument everything = new BsonDocument();
        BsonValuesTest.values().forEach(a -> everything.put("v" + everything.size(),
                ExtendedJson.parseValue((String) a.get()[2])));
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb::text")) {
            ps.setString(1, ExtendedJson.canonical(everything));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String stored = rs.getString(1);
                BsonDocument back = ExtendedJson.parseDocument(stored);
                everything.forEach((k, v) -> assertThat(back.get(k)).as("%s: %s", k, stored).isEqualTo(v));
                assertThat(back).isEqualTo(everything);
            }
        }
    }

    /** Inserts normalized rows with a minimal binder for the types the nested mapping uses (the sink has the real one). */
    private static void insert(Connection c, String schema, RelationalModel model, List<Row> rows) throws SQLException {
        for (Row row : rows) {
            TableDef table = model.table(row.table()).orElseThrow();
            List<String> names = new ArrayList<>(row.values().keySet());
            String sql = "INSERT INTO " + schema + ".\"" + table.name() + "\" (" + names.stream().map(n -> "\"" + n + "\"")
                    .collect(Collectors.joining(", ")) + ") VALUES (" + names.stream().map(n -> "?")
                    .collect(Collectors.joining(", ")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < names.size(); i++) {
                    ps.setObject(i + 1, jdbc(row.get(names.get(i))), java.sql.Types.OTHER);
                }
                ps.executeUpdate();
            }
        }
    }

    private static Object jdbc(BsonValue value) throws SQLException {
        if (value.isNull()) {
            return null;
        }
        if (value.isDocument()) {
            PGobject json = new PGobject();
            json.setType("jsonb");
            json.setValue(ExtendedJson.canonical(value));
            return json;
        }
        return value.isInt32() ? Integer.valueOf(value.asInt32().getValue()) : value.asString().getValue();
    }

    private static Map<String, String> columns(Connection c, String schema, String table) throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
                + "FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = ? AND t.relname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(text(c, sql));
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
