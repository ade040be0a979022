package io.mongo2pg.embedded.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the parts of a Debezium MongoDB change record (JsonConverter, no schemas) that the tests assert on. */
final class ChangeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeEvents() {
    }

    /** {@code r}, {@code c}, {@code u}, {@code d}, or {@code tombstone} for a null value. */
    static String op(ConsumerRecord<String, String> record) {
        return record.value() == null ? "tombstone" : read(record.value()).path("op").asText();
    }

    /** The document {@code _id} of the key {@code {"id": "<_id as extended JSON>"}}. */
    static String id(ConsumerRecord<String, String> record) {
        return read(read(record.key()).path("id").asText()).asText();
    }

    /** The {@code after} document (Debezium sends it as an extended JSON string). */
    static JsonNode after(ConsumerRecord<String, String> record) {
        return read(read(record.value()).path("after").asText());
    }

    /** {@code op:id}, e.g. {@code u:o1}, to compare whole sequences at once. */
    static String opAndId(ConsumerRecord<String, String> record) {
        return op(record) + ":" + id(record);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + json, e);
        }
    }
}
