package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import java.util.ArrayList;
import java.util.List;
import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;

/**
 * Reads Debezium's {@code updateDescription}: {@code updatedFields} is a JSON string of Extended JSON (relaxed v2
 * with the default {@code json.serialization.mode=legacy}, whatever the mode says otherwise), {@code removedFields}
 * an array of paths, {@code truncatedArrays} an array of {@code {field, size}}; each of them may be null.
 */
final class UpdateDescriptionReader {
    private static final String PATH = "updateDescription";

    private UpdateDescriptionReader() {
    }

    /** The update description, or null when the event has none. */
    static UpdateDescription read(JsonNode node) {
        if (JsonFields.isAbsent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new EnvelopeException(JsonFields.expected("", PATH, "an object or null", node));
        }
        return new UpdateDescription(updatedFields(node.get("updatedFields")), removedFields(node.get("removedFields")),
                truncatedArrays(node.get("truncatedArrays")));
    }

    private static BsonDocument updatedFields(JsonNode node) {
        if (JsonFields.isAbsent(node)) {
            return new BsonDocument();
        }
        if (!node.isTextual()) {
            throw new EnvelopeException(JsonFields.expected(PATH, "updatedFields",
                    "a string holding an Extended JSON document", node));
        }
        try {
            return ExtendedJsonParser.parseDocument(node.textValue());
        } catch (JsonParseException | BSONException e) {
            throw new EnvelopeException("Field 'updateDescription.updatedFields': expected an Extended JSON document, "
                    + "found '" + JsonFields.abbreviate(node.textValue()) + "' (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> removedFields(JsonNode node) {
        List<String> fields = new ArrayList<>();
        for (JsonNode field : array(node, "removedFields")) {
            if (!field.isTextual()) {
                throw new EnvelopeException(JsonFields.expected(PATH, "removedFields[]", "a field path string", field));
            }
            fields.add(field.textValue());
        }
        return fields;
    }

    private static List<UpdateDescription.TruncatedArray> truncatedArrays(JsonNode node) {
        List<UpdateDescription.TruncatedArray> arrays = new ArrayList<>();
        for (JsonNode truncated : array(node, "truncatedArrays")) {
            String path = PATH + ".truncatedArrays[]";
            if (!truncated.isObject()) {
                throw new EnvelopeException(JsonFields.expected(PATH, "truncatedArrays[]", "an object {field, size}",
                        truncated));
            }
            int size = JsonFields.requiredInt(truncated, path, "size");
            if (size < 0) {
                throw new EnvelopeException(JsonFields.expected(path, "size", "a size of 0 or more", truncated.get("size")));
            }
            arrays.add(new UpdateDescription.TruncatedArray(JsonFields.requiredText(truncated, path, "field"), size));
        }
        return arrays;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        if (JsonFields.isAbsent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new EnvelopeException(JsonFields.expected(PATH, field, "an array or null", node));
        }
        return node;
    }
}
