package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Debezium record with Jackson's streaming parser into a tree of only the fields the transformer uses:
 * every other field (the schema of the schema envelope, most of the {@code source} block, the payload's
 * timestamps) is skipped without building nodes for it. The kept fields are the nodes a full tree would have, so
 * reading and error messages work on them unchanged. A field kept as a {@link #MARKER} only records that it is
 * there ({@code schema}: whether the record has the schema envelope).
 */
final class EnvelopeFields {
    /** A field to keep whole. */
    static final Map<String, Object> WHOLE = Map.of();
    /** A field whose presence, not its value, matters. */
    static final Object MARKER = new Object();
    /**
     * A field holding an Extended JSON document as a JSON string: kept whole, or, when the record's bytes are at
     * hand, as the document read from them ({@link EmbeddedDocument}).
     */
    static final Object DOCUMENT = new Object();

    private static final Map<String, Object> SOURCE = keep("collection", "db", "ts_ms", "ord", "snapshot", "lsid",
            "txnNumber");
    private static final Map<String, Object> PAYLOAD = Map.of("op", WHOLE, "after", DOCUMENT, "before", DOCUMENT,
            "source", SOURCE, "updateDescription", WHOLE, "transaction", WHOLE);
    /** A change event's value: the payload's fields, at the top or inside the schema envelope. */
    static final Map<String, Object> VALUE = envelope(PAYLOAD);
    /** A record key: {@code id}, at the top or inside the schema envelope. */
    static final Map<String, Object> KEY = envelope(keep("id"));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every field of an object kept whole. */
    private static final Map<String, Object> ALL_FIELDS = new AbstractMap<>() {
        @Override
        public Object get(Object key) {
            return WHOLE;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    };

    private EnvelopeFields() {
    }

    /**
     * The record's root node with only the fields {@code spec} names ({@link #WHOLE}, {@link #MARKER}, or the spec
     * of an object's own fields), or the whole root when it is not an object; null when the input is empty.
     * Trailing content is ignored, as {@code ObjectMapper.readTree} does by default.
     */
    static JsonNode read(JsonParser parser, Map<String, Object> spec) throws IOException {
        return read(parser, spec, (Source) null);
    }

    /** The whole value the parser starts at, as {@code ObjectMapper.readTree} builds it; null when there is none. */
    static JsonNode readWhole(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        return first == null ? null : node(parser, first);
    }

    /**
     * Like {@link #read(JsonParser, Map)}, with {@link #DOCUMENT} fields read from {@code json}, the bytes the
     * parser reads (or kept whole when null), unescaped with {@code literal}.
     */
    static JsonNode read(JsonParser parser, Map<String, Object> spec, byte[] json, JsonStringLiteral literal)
            throws IOException {
        return read(parser, spec, json == null ? null : new Source(json, literal));
    }

    /** The bytes a parser reads, for reading {@link #DOCUMENT} fields from them. */
    private record Source(byte[] json, JsonStringLiteral literal) {
    }

    private static JsonNode read(JsonParser parser, Map<String, Object> spec, Source json) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        return first == JsonToken.START_OBJECT ? object(parser, spec, json) : node(parser, first);
    }

    @SuppressWarnings("unchecked")
    private static ObjectNode object(JsonParser parser, Map<String, Object> spec, Source json) throws IOException {
        ObjectNode node = NODES.objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            Object field = spec.get(name);
            JsonToken value = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
            } else if (field == MARKER) {
                parser.skipChildren();
                node.set(name, NODES.nullNode());
            } else if (field == DOCUMENT) {
                node.set(name, document(parser, value, json));
            } else if (field == WHOLE || value != JsonToken.START_OBJECT) {
                node.set(name, node(parser, value));
            } else {
                node.set(name, object(parser, (Map<String, Object>) field, json));
            }
        }
        return node;
    }

    private static JsonNode document(JsonParser parser, JsonToken value, Source json) throws IOException {
        EmbeddedDocument document = json != null && value == JsonToken.VALUE_STRING
                ? EmbeddedDocument.read(parser, json.json(), json.literal()) : null;
        return document != null ? NODES.pojoNode(document) : node(parser, value);
    }

    /**
     * The whole value at the current token, as the node {@code ObjectMapper.readTree} builds (int, long or big
     * integer nodes by size, double nodes for fractions), without its per-call deserializer lookup.
     */
    private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser, ALL_FIELDS, null);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.pojoNode(parser.getEmbeddedObject());
        };
    }

    private static ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw new JsonParseException(parser, "Unexpected end-of-input: expected close marker for Array");
            }
            array.add(node(parser, token));
        }
        return array;
    }

    private static Map<String, Object> envelope(Map<String, Object> payload) {
        HashMap<String, Object> fields = new HashMap<>(payload);
        fields.put("schema", MARKER);
        fields.put("payload", payload);
        return Map.copyOf(fields);
    }

    private static Map<String, Object> keep(String... names) {
        HashMap<String, Object> fields = new HashMap<>();
        for (String name : names) {
            fields.put(name, WHOLE);
        }
        return Map.copyOf(fields);
    }
}
