package io.mongo2pg.mapping.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.Documents;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * Shapes real collections have and the sample data lacks: mixed _id types, mixed and nested arrays, nulls among
 * subdocuments, values out of their column's range, names a mapping path cannot spell or that clash, keys as data,
 * U+0000. The inferred mapping must take every such document and give it back.
 */
class UnusualShapesInferenceTest {
    private static final String LONG = "a_field_name_long_enough_that_two_of_them_joined_pass_sixty_three_bytes";

    private static List<BsonDocument> documents() {
        List<BsonDocument> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            docs.add(ExtendedJson.parseDocument("""
                    {"_id": %s, "n": %s, "big": {"$numberDecimal": "%s"}, "when": {"$date": {"$numberLong": "%s"}},
                     "tags": ["x", null, "y"], "lines": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": %s}],
                     "mixed": [1, "two", {"three": 3}], "nested": [[1, 2], [3]], "holes": [{"a": 1}, null],
                     "dates": [{"$date": "2020-01-01T00:00:00Z"}], "empty": [], "odd.name": 1, "a_b": 1, "a": {"b": 2},
                     "_extra": "mine", "byId": {"%s": {"v": 1}}, "flag": %s, "uuid": {"$binary": {"base64":
                     "AAECAwQFBgcICQoLDA0ODw==", "subType": "04"}}, "ts": {"$timestamp": {"t": 1, "i": %d}},
                     "%s": {"%s": 1}, "text": "%s"}
                    """.formatted(i % 5 == 0 ? "\"s" + i + "\"" : "{\"$oid\": \"%024x\"}".formatted(i),
                    i % 10 == 0 ? "{\"$numberLong\": \"5\"}" : String.valueOf(i), i == 3 ? "1E+20" : i + ".5",
                    i == 7 ? "253402300800000000" : String.valueOf(i * 1000L), i == 9 ? "{\"$numberLong\": \"2\"}" : "2",
                    "%032x".formatted(i * 7919L), i % 2 == 0 ? "true" : "null", i, LONG, LONG, i == 11 ? "nul\\u0000" : "t")));
        }
        return docs;
    }

    @Test
    void shouldMapEveryUnusualShapeSoThatNoDocumentIsRefusedAndEachComesBack() {
        SchemaProfiler profiler = new SchemaProfiler();
        documents().forEach(d -> profiler.observe("things", d));
        Analysis analysis = profiler.infer();
        Normalizer normalizer = new Normalizer(analysis.mapping());
        Reassembler reassembler = new Reassembler(analysis.mapping());

        for (BsonDocument document : documents()) {
            List<Row> rows = normalizer.normalize("things", document);
            BsonDocument expected = document.clone();
            if (expected.getString("text").getValue().contains("\0")) {
                expected.put("text", new org.bson.BsonString("nul\uFFFD")); // nul: replace, said in the YAML
            }
            assertThat(Documents.ordered(reassembler.reassemble("things", rows))).as("%s", document.get("_id"))
                    .isEqualTo(Documents.ordered(expected));
        }
        CollectionMapping things = analysis.mapping().collection("things").orElseThrow();
        assertThat(things.idType().yamlName()).isEqualTo("jsonb");
        assertThat(type(things, "n")).as("int32 in 90%%, int64 in 10%%").isEqualTo("integer extra");
        assertThat(type(things, "big")).isEqualTo("numeric extra");
        assertThat(type(things, "when")).isEqualTo("timestamptz extra");
        assertThat(type(things, "tags")).isEqualTo("text[] reject");
        assertThat(type(things, "mixed")).isEqualTo("jsonb reject");
        assertThat(type(things, "nested")).isEqualTo("jsonb reject");
        assertThat(type(things, "holes")).isEqualTo("jsonb reject");
        assertThat(type(things, "byId")).isEqualTo("jsonb reject");
        assertThat(type(things, "uuid")).isEqualTo("uuid reject");
        assertThat(type(things, "ts")).isEqualTo("jsonb reject");
        assertThat(things.columnForField("odd.name")).isEmpty();
        assertThat(things.columnForField("empty")).isEmpty();
        assertThat(things.columnForField("a.b").orElseThrow().column()).isEqualTo("a_b_2");
        assertThat(things.columnForField("_extra").orElseThrow().column()).isEqualTo("_extra_2");
        assertThat(things.children()).extracting(c -> c.fieldPath() + " " + c.isScalar())
                .containsExactlyInAnyOrder("lines false", "dates true");
        assertThat(analysis.yaml()).contains("nul: replace");
        assertThat(analysis.decisions()).anySatisfy(d -> assertThat(d.path()).isEqualTo("lines[].qty"));
    }

    private static String type(CollectionMapping collection, String field) {
        ColumnMapping column = collection.columnForField(field).orElseThrow(() -> new AssertionError(field + " not mapped"));
        return column.type().yamlName() + " " + column.onMismatch().yamlName();
    }

    @Test
    void shouldQuoteNamesYamlWouldReadAsSomethingElse() {
        for (String name : List.of("true", "no", "123", "a: b", "#x", "-x", "x y", "é", "[a]", "null", "text[]", "~", "\"q\"")) {
            String yaml = new YamlBlock().put(name, YamlBlock.flow()).put("k", name).render();
            Map<String, Object> read = read(yaml);
            assertThat(read.keySet()).as(yaml).contains(name);
            assertThat(read.get("k")).as(yaml).isEqualTo(name);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String yaml) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readValue(yaml, Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(yaml, e);
        }
    }
}
