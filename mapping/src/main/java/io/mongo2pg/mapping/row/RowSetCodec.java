package io.mongo2pg.mapping.row;

import io.mongo2pg.mapping.value.ExtendedJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Serializes RowSets and their keys as canonical Extended JSON (UTF-8). Canonical Extended JSON keeps
 * every BSON type exactly and is readable with a console consumer; the key is {@code {"_id": ...}} so
 * that every change of one document lands in one partition.
 */
public final class RowSetCodec {
    private RowSetCodec() {
    }

    public static byte[] encodeKey(BsonValue id) {
        return ExtendedJson.canonical(new BsonDocument("_id", id)).getBytes(StandardCharsets.UTF_8);
    }

    public static BsonValue decodeKey(byte[] key) {
        return ExtendedJson.parseDocument(new String(key, StandardCharsets.UTF_8)).get("_id");
    }

    public static byte[] encode(RowSet rowSet) {
        BsonDocument doc = new BsonDocument()
                .append("collection", new BsonString(rowSet.collection()))
                .append("op", new BsonString(rowSet.op().name()))
                .append("_id", rowSet.id())
                .append("source", source(rowSet.source()))
                .append("rows", rows(rowSet.rows()));
        return ExtendedJson.canonical(doc).getBytes(StandardCharsets.UTF_8);
    }

    public static RowSet decode(byte[] bytes) {
        BsonDocument doc = ExtendedJson.parseDocument(new String(bytes, StandardCharsets.UTF_8));
        List<Row> rows = doc.getArray("rows").stream()
                .map(v -> new Row(v.asDocument().getString("table").getValue(), v.asDocument().getDocument("values")))
                .toList();
        return new RowSet(doc.getString("collection").getValue(), Operation.valueOf(doc.getString("op").getValue()),
                doc.get("_id"), source(doc.get("source")), rows);
    }

    private static BsonValue source(SourcePosition source) {
        if (source == null) {
            return BsonNull.VALUE;
        }
        return new BsonDocument()
                .append("collection", new BsonString(source.collection()))
                .append("ts_ms", new BsonInt64(source.tsMs()))
                .append("ord", new BsonInt32(source.ord()))
                .append("snapshot", BsonBoolean.valueOf(source.snapshot()))
                .append("txn", source.transactionId() == null ? BsonNull.VALUE : new BsonString(source.transactionId()));
    }

    private static SourcePosition source(BsonValue value) {
        if (value == null || value.isNull()) {
            return null;
        }
        BsonDocument d = value.asDocument();
        BsonValue txn = d.get("txn");
        return new SourcePosition(d.getString("collection").getValue(), d.getInt64("ts_ms").getValue(),
                d.getInt32("ord").getValue(), d.getBoolean("snapshot").getValue(),
                txn == null || txn.isNull() ? null : txn.asString().getValue());
    }

    private static BsonArray rows(List<Row> rows) {
        BsonArray array = new BsonArray();
        rows.forEach(r -> array.add(new BsonDocument("table", new BsonString(r.table())).append("values", r.values())));
        return array;
    }
}
