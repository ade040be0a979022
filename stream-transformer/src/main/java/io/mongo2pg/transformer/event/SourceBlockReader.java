package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import org.bson.BSONException;
import org.bson.json.JsonParseException;

/**
 * Builds a {@link SourcePosition} from Debezium's {@code source} block and the optional {@code transaction} block.
 *
 * <p>The transaction id is {@code <lsid>:<txnNumber>} (lsid as canonical Extended JSON) when the change belongs to
 * a multi-document transaction, since Debezium always reports those two; else the {@code transaction.id} of the
 * transaction metadata block (only there with {@code provide.transaction.metadata=true}); else null.
 */
final class SourceBlockReader {
    private static final String SOURCE = "source";

    private SourceBlockReader() {
    }

    static SourcePosition position(JsonNode source, JsonNode transaction) {
        return new SourcePosition(
                JsonFields.requiredText(source, SOURCE, "collection"),
                JsonFields.requiredLong(source, SOURCE, "ts_ms"),
                JsonFields.requiredInt(source, SOURCE, "ord"),
                snapshot(source.get("snapshot")),
                transactionId(source, transaction));
    }

    /**
     * Debezium writes {@code "true"}, {@code "first"}, {@code "last"}, {@code "first_in_data_collection"},
     * {@code "last_in_data_collection"} or {@code "incremental"} for snapshot reads and {@code "false"} (or nothing)
     * for streamed changes; old versions wrote a boolean.
     */
    static boolean snapshot(JsonNode node) {
        if (JsonFields.isAbsent(node)) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && !node.textValue().isBlank()) {
            return !node.textValue().equalsIgnoreCase("false");
        }
        throw new EnvelopeException(JsonFields.expected(SOURCE, "snapshot",
                "\"true\", \"first\", \"last\", \"incremental\", ..., \"false\" or null", node));
    }

    private static String transactionId(JsonNode source, JsonNode transaction) {
        String lsid = JsonFields.optionalText(source, SOURCE, "lsid");
        if (lsid != null && !JsonFields.isAbsent(source.get("txnNumber"))) {
            return canonicalLsid(lsid) + ":" + JsonFields.requiredLong(source, SOURCE, "txnNumber");
        }
        if (JsonFields.isAbsent(transaction)) {
            return null;
        }
        if (!transaction.isObject()) {
            throw new EnvelopeException(JsonFields.expected("", "transaction", "an object or null", transaction));
        }
        return JsonFields.optionalText(transaction, "transaction", "id");
    }

    private static String canonicalLsid(String lsid) {
        try {
            return ExtendedJson.canonical(ExtendedJsonParser.parseDocument(lsid));
        } catch (JsonParseException | BSONException e) {
            throw new EnvelopeException("Field 'source.lsid': expected a session id document as Extended JSON, found '"
                    + JsonFields.abbreviate(lsid) + "' (" + e.getMessage() + ")", e);
        }
    }
}
