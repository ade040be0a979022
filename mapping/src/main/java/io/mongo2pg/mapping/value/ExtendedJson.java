package io.mongo2pg.mapping.value;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonReader;

/**
 * Extended JSON in and out. Reading, through the MongoDB BSON library, accepts every flavour (v1 strict,
 * v2 canonical and relaxed, and Debezium's mix of them); writing is always canonical, since that is the
 * only flavour that keeps every BSON type (Decimal128, Int64, dates before 1970, NaN), with the same text the
 * library writes but faster ({@link CanonicalJsonWriter}).
 */
public final class ExtendedJson {
    /** A first guess for the output buffer; it grows as needed. */
    private static final int EXPECTED_CHARS_PER_FIELD = 32;
    private static final BsonValueCodec VALUE_CODEC = new BsonValueCodec();

    private ExtendedJson() {
    }

    /**
     * A DBPointer as PostgreSQL's jsonb gives it back: jsonb sorts object keys (shorter first), so the canonical
     * {@code {"$ref": ..., "$id": ...}} comes out as {@code {"$id": ..., "$ref": ...}}. The BSON library (5.6.2)
     * reads that order as a DBPointer but then silently drops every field after it in the enclosing document.
     */
    private static final Pattern JSONB_DB_POINTER = Pattern.compile(
            "\\{\\s*\"\\$dbPointer\"\\s*:\\s*\\{\\s*\"\\$id\"\\s*:\\s*(\\{\\s*\"\\$oid\"\\s*:\\s*\"[0-9a-fA-F]{24}\"\\s*})"
                    + "\\s*,\\s*\"\\$ref\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")\\s*}\\s*}");

    public static BsonDocument parseDocument(String json) {
        return BsonDocument.parse(withReadableKeyOrder(json));
    }

    /** Parses one value of any type, e.g. {@code {"$oid": "..."}}, {@code "abc"} or {@code 42}. */
    public static BsonValue parseValue(String json) {
        try (JsonReader reader = new JsonReader(withReadableKeyOrder(json))) {
            reader.readBsonType();
            return VALUE_CODEC.decode(reader, DecoderContext.builder().build());
        }
    }

    /** Puts the keys of jsonb-ordered DBPointers back in the order the BSON library reads correctly. */
    static String withReadableKeyOrder(String json) {
        if (!json.contains("$dbPointer")) {
            return json;
        }
        return JSONB_DB_POINTER.matcher(json).replaceAll(m -> Matcher.quoteReplacement(
                "{\"$dbPointer\": {\"$ref\": " + m.group(2) + ", \"$id\": " + m.group(1) + "}}"));
    }

    /** The document as canonical Extended JSON, exactly as {@code document.toJson(JsonMode.EXTENDED)} writes it. */
    public static String canonical(BsonDocument document) {
        CanonicalJsonWriter writer = new CanonicalJsonWriter(EXPECTED_CHARS_PER_FIELD * (document.size() + 1));
        writer.document(document);
        return writer.text();
    }

    /** A single value of any type as canonical Extended JSON. */
    public static String canonical(BsonValue value) {
        CanonicalJsonWriter writer = new CanonicalJsonWriter(EXPECTED_CHARS_PER_FIELD);
        writer.value(value);
        return writer.text();
    }
}
