package io.mongo2pg.mapping.value;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonMode;
import org.bson.json.JsonReader;
import org.bson.json.JsonWriterSettings;

/**
 * Extended JSON in and out, through the MongoDB BSON library. Reading accepts every flavour (v1 strict,
 * v2 canonical and relaxed, and Debezium's mix of them); writing is always canonical, since that is the
 * only flavour that keeps every BSON type (Decimal128, Int64, dates before 1970, NaN).
 */
public final class ExtendedJson {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final BsonValueCodec VALUE_CODEC = new BsonValueCodec();

    private ExtendedJson() {
    }

    public static BsonDocument parseDocument(String json) {
        return BsonDocument.parse(json);
    }

    /** Parses one value of any type, e.g. {@code {"$oid": "..."}}, {@code "abc"} or {@code 42}. */
    public static BsonValue parseValue(String json) {
        try (JsonReader reader = new JsonReader(json)) {
            reader.readBsonType();
            return VALUE_CODEC.decode(reader, DecoderContext.builder().build());
        }
    }

    public static String canonical(BsonDocument document) {
        return document.toJson(CANONICAL);
    }

    /** A single value as canonical Extended JSON (wrapped and unwrapped again, since BSON writers need a document). */
    public static String canonical(BsonValue value) {
        String wrapped = new BsonDocument("v", value).toJson(CANONICAL);
        int start = wrapped.indexOf(':') + 1;
        return wrapped.substring(start, wrapped.length() - 1).trim();
    }
}
