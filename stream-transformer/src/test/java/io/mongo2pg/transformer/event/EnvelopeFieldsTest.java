package io.mongo2pg.transformer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongo2pg.transformer.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The streamed tree of the used fields holds exactly the nodes a full Jackson tree has for those fields (same node
 * types, same values), on every event of the real JSON-lines files, with and without the schema envelope, and
 * leaves everything else out.
 */
class EnvelopeFieldsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final List<String> PAYLOAD_FIELDS = List.of("op", "after", "before", "updateDescription",
            "transaction");
    private static final List<String> SOURCE_FIELDS = List.of("collection", "db", "ts_ms", "ord", "snapshot", "lsid",
            "txnNumber");

    @Test
    void shouldKeepTheFullTreesNodesOfTheUsedFieldsOfEveryRealEvent() throws IOException {
        List<String> events = realEvents();
        for (String event : events) {
            JsonNode full = MAPPER.readTree(event);
            JsonNode kept = read(event, EnvelopeFields.VALUE);
            boolean enveloped = full.has("schema") && full.has("payload");

            assertThat(kept.has("schema")).as(event).isEqualTo(full.has("schema"));
            JsonNode fullPayload = enveloped ? full.get("payload") : full;
            JsonNode keptPayload = enveloped ? kept.get("payload") : kept;
            for (String field : PAYLOAD_FIELDS) {
                assertSameNode(keptPayload.get(field), fullPayload.get(field), event);
            }
            JsonNode source = fullPayload.get("source");
            if (source != null && source.isObject()) {
                for (String field : SOURCE_FIELDS) {
                    assertSameNode(keptPayload.get("source").get(field), source.get(field), event);
                }
                assertThat(keptPayload.get("source").size()).as("only used source fields")
                        .isLessThanOrEqualTo(SOURCE_FIELDS.size());
            }
            assertThat(keptPayload.has("ts_ms")).as("payload ts_ms is not used").isFalse();
        }
        assertThat(events).hasSizeGreaterThan(10);
    }

    @Test
    void shouldReadKeysLikeTheFullTreeAndRejectBrokenJsonAsJacksonDoes() throws IOException {
        String key = "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"id\":\"{\\\"$oid\\\": \\\"65bc9f\\\"}\",\"x\":[1,2.5,null]}}";

        assertThat(read(key, EnvelopeFields.KEY).get("payload").get("id")).isEqualTo(MAPPER.readTree(key)
                .get("payload").get("id"));
        assertThat(read("[1, {\"a\": [true, 12345678901, 1e400]}]", EnvelopeFields.KEY))
                .isEqualTo(MAPPER.readTree("[1, {\"a\": [true, 12345678901, 1e400]}]"));
        assertThat(read("   ", EnvelopeFields.KEY)).isNull();
        assertThatThrownBy(() -> read("{\"payload\": {\"id\": [1, 2}", EnvelopeFields.KEY))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"after\": \"x\"", EnvelopeFields.VALUE))
                .isInstanceOf(JsonProcessingException.class);
    }

    private static void assertSameNode(JsonNode kept, JsonNode full, String event) {
        assertThat(kept).as(event).isEqualTo(full);
        if (full != null) {
            assertThat(kept.getClass()).as(event).isEqualTo(full.getClass());
        }
    }

    private static JsonNode read(String json, java.util.Map<String, Object> spec) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return EnvelopeFields.read(parser, spec);
        }
    }

    /** Every change event of the JSON-lines files (fixture files hold events as the "raw" text of valid JSON). */
    private static List<String> realEvents() throws IOException {
        List<String> events = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(TestData.debeziumEvents(""))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = line.isBlank() ? null : MAPPER.readTree(line);
                    if (node != null && node.has("raw")) {
                        if (node.path("valid_json").asBoolean() && MAPPER.readTree(node.get("raw").asText()).isObject()) {
                            events.add(node.get("raw").asText());
                        }
                    } else if (node != null) {
                        events.add(line);
                    }
                }
            }
        }
        return events;
    }
}
