package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.DocumentMappingException;
import io.mongo2pg.mapping.normalize.ExcludedFields;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Grandchildren, 1:1 tables, natural keys, arrays of scalars, exclusions, type-varying fields and NUL handling. */
class NestedNormalizerTest {
    static final String ORDERS = """
            collections:
              orders:
                id: {type: integer}
                columns:
                  rating: {type: double, onMismatch: extra}
                subdocuments:
                  customer: {table: order_customer, columns: {name: text}}
                children:
                  lines:
                    key: sku
                    columns: {sku: text, qty: integer}
                    subdocuments:
                      shipping: {table: line_shipping, columns: {carrier: text}}
                    children:
                      discounts: {table: line_discounts, columns: {code: text}, exclude: [secret]}
                  tags: {value: {type: text, column: tag}}
                exclude: [password]
            """;
    private final Mapping mapping = SharedData.mapping(ORDERS);
    private final Normalizer normalizer = new Normalizer(mapping);

    @Test
    void shouldSpreadEachLevelOverItsTableKeyedByRootIdAndOrdinalPath() {
        BsonDocument order = ExtendedJson.parseDocument("""
                {"_id": 1, "password": "x", "customer": {"name": "Ann", "vip": true},
                 "lines": [{"sku": "a", "qty": 2, "shipping": {"carrier": "UPS"},
                            "discounts": [{"code": "D1", "secret": 1}, {"code": "D2", "pct": 5}]},
                           {"sku": "b", "discounts": []}],
                 "tags": ["new", null]}""");

        List<Row> rows = normalizer.normalize("orders", order);

        assertThat(rows).extracting(r -> r.table() + " " + ExtendedJson.canonical(r.values())).containsExactly(
                "orders {\"_id\": {\"$numberInt\": \"1\"}, \"rating\": null, \"_extra\": null}",
                "order_customer {\"_root_id\": {\"$numberInt\": \"1\"}, \"name\": \"Ann\", \"_extra\": {\"vip\": true}}",
                "orders_lines {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord\": {\"$numberInt\": \"0\"}, \"sku\": \"a\", "
                        + "\"qty\": {\"$numberInt\": \"2\"}, \"_extra\": null}",
                "orders_lines {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord\": {\"$numberInt\": \"1\"}, \"sku\": \"b\", "
                        + "\"qty\": null, \"_extra\": {\"discounts\": []}}",
                "line_shipping {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord\": {\"$numberInt\": \"0\"}, \"carrier\": \"UPS\", "
                        + "\"_extra\": null}",
                "line_discounts {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord_1\": {\"$numberInt\": \"0\"}, "
                        + "\"_ord\": {\"$numberInt\": \"0\"}, \"code\": \"D1\", \"_extra\": null}",
                "line_discounts {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord_1\": {\"$numberInt\": \"0\"}, "
                        + "\"_ord\": {\"$numberInt\": \"1\"}, \"code\": \"D2\", \"_extra\": {\"pct\": {\"$numberInt\": \"5\"}}}",
                "orders_tags {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord\": {\"$numberInt\": \"0\"}, \"tag\": \"new\"}",
                "orders_tags {\"_root_id\": {\"$numberInt\": \"1\"}, \"_ord\": {\"$numberInt\": \"1\"}, \"tag\": null}");
        assertThat(Documents.ordered(new Reassembler(mapping).reassemble("orders", rows)))
                .isEqualTo(Documents.ordered(ExcludedFields.without(mapping.collection("orders").orElseThrow(), order)));
    }

    @Test
    void shouldKeepAValueOfAnotherTypeInTheCatchAllWhenTheFieldSaysOnMismatchExtra() {
        BsonDocument order = ExtendedJson.parseDocument("{\"_id\": 2, \"rating\": \"\"}");

        Row root = normalizer.normalize("orders", order).get(0);

        assertThat(root.get("rating").isNull()).isTrue();
        assertThat(root.get("_extra")).isEqualTo(ExtendedJson.parseDocument("{\"rating\": \"\"}"));
        assertThat(new Reassembler(mapping).reassemble("orders", List.of(root))).isEqualTo(order);
    }

    @Test
    void shouldRefuseAnElementWithoutOrWithARepeatedNaturalKey() {
        assertThatThrownBy(() -> normalizer.normalize("orders", ExtendedJson.parseDocument(
                "{\"_id\": 3, \"lines\": [{\"sku\": \"a\"}, {\"qty\": 1}]}")))
                .isInstanceOf(DocumentMappingException.class)
                .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).isEqualTo("lines.1.sku"))
                .hasMessageContaining("natural key of child table 'orders_lines' is missing");
        assertThatThrownBy(() -> normalizer.normalize("orders", ExtendedJson.parseDocument(
                "{\"_id\": 3, \"lines\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}, {\"sku\": \"a\"}]}")))
                .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).isEqualTo("lines.2"))
                .hasMessageContaining("is also the key of element 0");
    }

    @Test
    void shouldNameTheNestedPathOfAValueThatDoesNotFit() {
        assertThatThrownBy(() -> normalizer.normalize("orders", ExtendedJson.parseDocument(
                "{\"_id\": 4, \"lines\": [{\"sku\": \"a\", \"discounts\": [{\"code\": \"x\"}, {\"code\": 5}]}]}")))
                .isInstanceOf(DocumentMappingException.class)
                .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).isEqualTo("lines.0.discounts.1.code"))
                .hasMessageContaining("expected text").hasMessageContaining("found int32 {\"$numberInt\": \"5\"}");
        assertThatThrownBy(() -> normalizer.normalize("orders", ExtendedJson.parseDocument(
                "{\"_id\": 4, \"customer\": \"Ann\"}")))
                .hasMessageContaining("at field 'customer': expected a subdocument for 1:1 table 'order_customer'");
        assertThatThrownBy(() -> normalizer.normalize("orders", ExtendedJson.parseDocument(
                "{\"_id\": 4, \"lines\": {\"sku\": \"a\"}}")))
                .hasMessageContaining("at field 'lines': expected an array for child table 'orders_lines'");
    }

    @Test
    void shouldKeepNullEmptyArrayAndEmptySubdocumentAsTheyAre() {
        for (String json : List.of("{\"_id\": 5, \"lines\": [], \"tags\": null, \"customer\": {}}",
                "{\"_id\": 5, \"lines\": null, \"tags\": [], \"customer\": null}")) {
            BsonDocument order = ExtendedJson.parseDocument(json);
            List<Row> rows = normalizer.normalize("orders", order);
            assertThat(new Reassembler(mapping).reassemble("orders", rows)).as(json).isEqualTo(order);
        }
    }

    @Test
    void shouldRefuseUnstorableCharactersInEveryKindOfStoredStringNamingThePath() {
        Mapping plain = SharedData.mapping("collections: {c: {id: {type: integer}, columns: {s: text}}}");
        for (String value : List.of("{\"s\": \"a\\u0000b\"}", "{\"x\": {\"$symbol\": \"a\\u0000\"}}",
                "{\"x\": {\"$code\": \"f(\\u0000)\"}}", "{\"x\": {\"$regularExpression\": {\"pattern\": \"\\u0000\", \"options\": \"\"}}}",
                "{\"x\": {\"a\\u0000b\": 1}}", "{\"x\": [\"ok\", \"\\ud800\"]}")) {
            BsonDocument document = ExtendedJson.parseDocument("{\"_id\": 1, \"y\": " + value + "}");
            assertThatThrownBy(() -> new Normalizer(plain).normalize("c", document)).as(value)
                    .isInstanceOf(DocumentMappingException.class)
                    .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).startsWith("y."))
                    .hasMessageContaining("which PostgreSQL text and jsonb cannot store")
                    .hasMessageContaining("nul: replace");
        }
        assertThatThrownBy(() -> new Normalizer(plain).normalize("c", ExtendedJson.parseDocument("{\"_id\": 1, \"s\": \"\\u0000\"}")))
                .satisfies(e -> assertThat(((DocumentMappingException) e).fieldPath()).isEqualTo("s"));
    }

    @Test
    void shouldStoreReplacementCharactersWhenTheMappingSaysNulReplace() {
        Mapping replacing = SharedData.mapping("nul: replace\ncollections: {c: {id: {type: text}, columns: {s: text}}}");
        BsonDocument document = ExtendedJson.parseDocument("""
                {"_id": "id\\u0000", "s": "a\\u0000b", "x": {"k\\u0000": {"$symbol": "\\u0000"}, "r": ["\\ud800z"]}}""");

        var rowSet = new Normalizer(replacing).upsert("c", document, null);

        Row root = rowSet.rows().get(0);
        assertThat(rowSet.id()).isEqualTo(ExtendedJson.parseValue("\"id\uFFFD\""));
        assertThat(root.get("s")).isEqualTo(ExtendedJson.parseValue("\"a\uFFFDb\""));
        assertThat(root.get("_extra")).isEqualTo(ExtendedJson.parseDocument(
                "{\"x\": {\"k\uFFFD\": {\"$symbol\": \"\uFFFD\"}, \"r\": [\"\uFFFDz\"]}}"));
    }
}
