package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonParseException;

/**
 * Decodes the key and value of a Debezium MongoDB connector record written by Kafka's JsonConverter, with or
 * without the schema envelope ({@code {"schema": ..., "payload": ...}}), or by the StringConverter for keys
 * ({@code Struct{id=...}}).
 *
 * <p>The key is {@code {"id": "<_id as Extended JSON>"}} and is the only place the {@code _id} is always present
 * (a delete's {@code after} is null). {@code after} is a JSON string holding Extended JSON, in whichever flavour
 * the connector's {@code json.serialization.mode} produces. Both are read with Jackson's streaming parser into
 * only the fields used ({@link EnvelopeFields}): a full tree of every event cost a fifth of the transformer's time.
 * {@code after} and {@code before} are read from the value's bytes ({@link EmbeddedDocument}) with a buffer this
 * parser reuses: not thread-safe, one instance per thread (each stream task's processor has its own). Values of the
 * usual shape are read in one pass by {@link EnvelopeScanner}; everything else by the path described here.
 */
public final class EnvelopeParser {
    private static final String STRUCT_KEY_PREFIX = "Struct{id=";
    private static final String KEY_SHAPE = "{\"id\": \"<_id as Extended JSON>\"}";

    /**
     * Errors are reported with Jackson's original message and the record's text, so the parser need not describe
     * its source for error locations (building that description cost more than parsing a key).
     */
    private final JsonFactory json = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private final JsonStringLiteral literal = new JsonStringLiteral();
    private final EnvelopeScanner scanner = new EnvelopeScanner(literal, json);

    /**
     * Decodes raw record bytes (UTF-8). The value must not be null: a tombstone is not an event. The value is parsed
     * from its bytes, not from a decoded copy: it is most of the record.
     */
    public ChangeEvent parse(byte[] key, byte[] value) {
        BsonValue objectId = ObjectIdKey.parse(key);
        ChangeEvent scanned = objectId == null ? null : scan(objectId, value);
        if (scanned != null) {
            return scanned; // the usual record, its value checked to be UTF-8 as it was read
        }
        requireUtf8(value, "value");
        BsonValue id = objectId != null ? objectId : parseKey(key == null ? null : utf8(key, "key"), key);
        scanned = objectId == null ? scan(id, value) : null;
        if (scanned != null) {
            return scanned;
        }
        try {
            return parseValue(id, readJson(value));
        } catch (EnvelopeException e) {
            throw e.forDocument(ExtendedJson.canonical(id));
        }
    }

    private ChangeEvent scan(BsonValue id, byte[] value) {
        return value == null ? null : scanner.read(id, value);
    }

    /** Decodes a record's key and value text. The value must not be null: a tombstone is not an event. */
    public ChangeEvent parse(String key, String value) {
        BsonValue id = parseKey(key);
        try {
            return parseValue(id, value == null ? null : readJson(value, null, "value", EnvelopeFields.VALUE));
        } catch (EnvelopeException e) {
            throw e.forDocument(ExtendedJson.canonical(id));
        }
    }

    /** The document's {@code _id} from a record key, with the BSON type its Extended JSON says. */
    public BsonValue parseKey(String key) {
        return parseKey(key, null);
    }

    /** @param bytes the key's UTF-8 bytes when at hand (parsed from them: cheaper), else null */
    private BsonValue parseKey(String key, byte[] bytes) {
        if (key == null) {
            throw new EnvelopeException("The record has no key; expected the Debezium MongoDB key " + KEY_SHAPE);
        }
        String trimmed = key.strip();
        if (trimmed.startsWith(STRUCT_KEY_PREFIX) && trimmed.endsWith("}")) {
            return idValue(trimmed.substring(STRUCT_KEY_PREFIX.length(), trimmed.length() - 1));
        }
        JsonNode payload = unwrap(readJson(key, bytes, "key", EnvelopeFields.KEY), "key");
        JsonNode id = payload.get("id");
        if (id == null || !id.isTextual()) {
            throw new EnvelopeException("Key field 'id': expected a string holding the _id as Extended JSON, e.g. "
                    + KEY_SHAPE + ", found " + JsonFields.describe(id) + " in key " + JsonFields.abbreviate(key));
        }
        return idValue(id.textValue());
    }

    private ChangeEvent parseValue(BsonValue id, JsonNode value) {
        if (value == null) {
            throw new EnvelopeException("The record has no value (a tombstone); expected a Debezium change event");
        }
        JsonNode payload = unwrap(value, "value");
        Operation operation = operation(payload);
        JsonNode source = JsonFields.requiredObject(payload, "", "source");
        BsonDocument after = operation == Operation.DELETE ? null : document(payload, "after");
        if (after == null && (operation == Operation.READ || operation == Operation.CREATE)) {
            throw new EnvelopeException("Field 'after': expected the document in an '" + operation.code()
                    + "' event, found " + JsonFields.describe(payload.get("after")));
        }
        UpdateDescription update = operation == Operation.UPDATE
                ? UpdateDescriptionReader.read(payload.get("updateDescription")) : null;
        return new ChangeEvent(operation, JsonFields.requiredText(source, "source", "collection"),
                JsonFields.requiredText(source, "source", "db"), id, document(payload, "before"), after, update,
                SourceBlockReader.position(source, payload.get("transaction")));
    }

    private static Operation operation(JsonNode payload) {
        String code = JsonFields.requiredText(payload, "", "op");
        try {
            return Operation.parse(code);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("Field 'op': " + e.getMessage(), e);
        }
    }

    private static BsonDocument document(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        BsonDocument read = EmbeddedDocument.of(node);
        if (read != null) {
            return read;
        }
        if (JsonFields.isAbsent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw new EnvelopeException(JsonFields.expected("", field, "a string holding an Extended JSON document",
                    node));
        }
        try {
            return ExtendedJsonParser.parseDocument(node.textValue());
        } catch (JsonParseException | BSONException | IllegalArgumentException e) { // the last: e.g. an $oid of bad hex
            throw new EnvelopeException("Field '" + field + "': expected an Extended JSON document, found '"
                    + JsonFields.abbreviate(node.textValue()) + "' (" + e.getMessage() + ")", e);
        }
    }

    private static BsonValue idValue(String extendedJson) {
        try {
            return ExtendedJsonParser.parseValue(extendedJson);
        } catch (JsonParseException | BSONException e) {
            throw new EnvelopeException("Key field 'id': expected the _id as Extended JSON (e.g. {\"$oid\": \"...\"}, "
                    + "\"a string\" or 42), found '" + JsonFields.abbreviate(extendedJson) + "' (" + e.getMessage()
                    + ")", e);
        }
    }

    /** The JsonConverter's {@code payload} when the record has the schema envelope, else the record itself. */
    private static JsonNode unwrap(JsonNode root, String what) {
        JsonNode node = root.has("schema") && root.has("payload") ? root.get("payload") : root;
        if (!node.isObject()) {
            throw new EnvelopeException("The record " + what + " is not a Debezium " + what + ": expected a JSON "
                    + "object, found " + JsonFields.describe(node));
        }
        return node;
    }

    private JsonNode readJson(String text, byte[] bytes, String what, Map<String, Object> fields) {
        try (JsonParser parser = bytes == null ? json.createParser(text) : json.createParser(bytes)) {
            return nonEmpty(EnvelopeFields.read(parser, fields), what);
        } catch (JsonProcessingException e) {
            throw new EnvelopeException("The record " + what + " is not valid JSON: " + e.getOriginalMessage()
                    + "; found " + JsonFields.abbreviate(text), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a String has no I/O to fail
        }
    }

    /** The record value (null for a tombstone), already checked to be UTF-8. */
    private JsonNode readJson(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser parser = json.createParser(value)) {
            // Documents are read from the bytes only when the value starts as Debezium's does: bytes with a byte
            // order mark or in UTF-16 would not be where the parser's offsets say.
            byte[] documents = value.length > 0 && value[0] == '{' ? value : null;
            return nonEmpty(EnvelopeFields.read(parser, EnvelopeFields.VALUE, documents, literal), "value");
        } catch (IOException e) {
            throw new EnvelopeException("The record value is not valid JSON: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()) + "; found "
                    + JsonFields.abbreviate(new String(value, StandardCharsets.UTF_8)), e);
        }
    }

    private static JsonNode nonEmpty(JsonNode root, String what) {
        if (root == null || root.isMissingNode()) {
            throw new EnvelopeException("The record " + what + " is empty; expected a JSON object");
        }
        return root;
    }

    private static String utf8(byte[] bytes, String what) {
        if (bytes == null) {
            return null;
        }
        requireUtf8(bytes, what);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Refuses bytes that are not UTF-8, checked without decoding; only refused bytes are decoded, for the error. */
    private static void requireUtf8(byte[] bytes, String what) {
        if (bytes == null || Utf8.isWellFormed(bytes)) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new EnvelopeException("The record " + what + " is not valid UTF-8 text (" + e + "); expected JSON "
                    + "written by Kafka's JsonConverter", e);
        }
    }
}
