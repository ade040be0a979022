package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.avro.RowSetDeserializer;
import io.mongo2pg.mapping.avro.RowSetLayout;
import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.row.Operation;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.sink.batch.CopyRows;
import io.mongo2pg.sink.batch.RecordPosition;
import io.mongo2pg.sink.batch.SinkRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.bson.BsonArray;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * The sink's fast path: reads an Avro single-object encoded RowSet straight into binary COPY rows, without building its
 * BSON values (decoding and re-encoding them was most of the sink's time). It takes only what the generic path
 * ({@link RowSetDeserializer}, then {@link RowSetEncoder}) would turn into the very same bytes: a schema of the shape
 * {@link RowSetLayout} knows whose tables and columns are exactly the sink's, an UPSERT, values the encoder accepts.
 * For anything else {@link #read} returns empty, and the generic path handles the record and gives the exact error.
 * One instance per thread: it reuses its decoder and buffers.
 */
public final class AvroCopyReader {
    private static final int UPSERT = 0; // the index of UPSERT in RowSetSchemas' Operation enum
    private static final String OID_PREFIX = "{\"$oid\": \"";
    private static final String JSON_END = "\"}";

    private final RowSetDeserializer schemas;
    private final Map<String, CollectionTables> collectionByTable = new HashMap<>();
    private final Map<Long, Optional<Plan>> plans = new HashMap<>();
    private final Utf8 text = new Utf8();
    private BinaryDecoder decoder;

    /** @param schemas where the writer schemas of single-object encoded RowSets are looked up */
    public AvroCopyReader(RelationalModel model, RowSetDeserializer schemas) {
        this.schemas = schemas;
        for (CollectionTables tables : model.collections()) {
            tables.all().forEach(t -> collectionByTable.put(t.name(), tables));
        }
    }

    /**
     * The record as a pre-encoded change, or empty when the generic path must read it.
     *
     * @param decode decodes the full RowSet from the record, should anything need it later (a dead letter)
     */
    public Optional<SinkRecord.Change> read(RecordPosition position, byte[] value, Supplier<RowSet> decode) {
        Optional<Schema> writer = schemas.singleObjectSchema(value);
        if (writer.isEmpty()) {
            return Optional.empty();
        }
        long fingerprint = ByteBuffer.wrap(value, 2, 8).getLong(); // only a cache key here: byte order is irrelevant
        Optional<Plan> plan = plans.computeIfAbsent(fingerprint, f -> plan(writer.get()));
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        decoder = DecoderFactory.get().binaryDecoder(value, RowSetDeserializer.SINGLE_OBJECT_HEADER_SIZE,
                value.length - RowSetDeserializer.SINGLE_OBJECT_HEADER_SIZE, decoder);
        try {
            return Optional.of(read(plan.get(), position, decode));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the generic path reads it again and reports what is wrong, if anything
        }
    }

    private SinkRecord.Change read(Plan plan, RecordPosition position, Supplier<RowSet> decode) throws IOException {
        String collection = decoder.readString(text).toString();
        if (!collection.equals(plan.tables().collection()) || decoder.readEnum() != UPSERT) {
            throw NotFast.INSTANCE;
        }
        String idJson = decoder.readString(text).toString();
        SourcePosition source = readSource();
        String idLiteral = idLiteral(plan.rootId(), plan.tables().root().name(), idJson);
        int tableCount = plan.tables().all().size();
        CopyBinaryBuffer[] buffers = new CopyBinaryBuffer[tableCount];
        int[] rows = new int[tableCount];
        for (TablePlan table : plan.writerTables()) {
            for (long n = decoder.readArrayStart(); n > 0; n = decoder.arrayNext()) {
                for (long i = 0; i < n; i++) {
                    readRow(table, buffers, rows, idLiteral);
                }
            }
        }
        if (rows[0] != 1 || !decoder.isEnd()) {
            throw NotFast.INSTANCE;
        }
        byte[][] data = new byte[tableCount][];
        for (int i = 0; i < tableCount; i++) {
            data[i] = buffers[i] == null ? EncodedRowSet.NO_DATA : buffers[i].toByteArray();
        }
        StringBuilder idField = new StringBuilder(idLiteral.length() + 2);
        ValueEncoder.escape(idField, idLiteral);
        return SinkRecord.Change.preEncoded(position, collection, Operation.UPSERT, idJson, source,
                new CopyRows(idField.toString(), idLiteral, data, rows), decode);
    }

    private SourcePosition readSource() throws IOException {
        if (decoder.readIndex() == 0) {
            return null;
        }
        String collection = decoder.readString(text).toString();
        long tsMs = decoder.readLong();
        int ord = decoder.readInt();
        boolean snapshot = decoder.readBoolean();
        String txn = decoder.readIndex() == 0 ? null : decoder.readString(text).toString();
        return new SourcePosition(collection, tsMs, ord, snapshot, txn);
    }

    /** Appends one row as a binary COPY row; its own {@code _id} / {@code _root_id} must be the RowSet's. */
    private void readRow(TablePlan table, CopyBinaryBuffer[] buffers, int[] rows, String idLiteral) throws IOException {
        int position = table.position();
        if (position == 0 && rows[0] > 0) {
            throw NotFast.INSTANCE;
        }
        if (buffers[position] == null) {
            buffers[position] = new CopyBinaryBuffer(position == 0 ? 512 : 64);
        }
        CopyBinaryBuffer out = buffers[position];
        ColumnPlan[] columns = table.columns();
        out.row(columns.length);
        for (ColumnPlan column : columns) {
            if (decoder.readIndex() == 0) {
                if (column.ownId() || column.def().notNull()) {
                    throw NotFast.INSTANCE;
                }
                out.nullField();
            } else if (column.ownId()) {
                writeOwnId(column.def().type(), idLiteral, out);
            } else {
                appendValue(table.name(), column.def(), out);
            }
        }
        rows[position]++;
    }

    /** Reads the row's {@code _id} / {@code _root_id}, which must be the RowSet's, and writes it. */
    private void writeOwnId(ColumnType type, String idLiteral, CopyBinaryBuffer out) throws IOException {
        switch (type) {
            case TEXT, OBJECTID, JSONB -> {
                String literal = type == ColumnType.OBJECTID ? requireObjectIdHex(decoder.readString(text).toString())
                        : requireNoNul(decoder.readString(text)).toString();
                requireEqual(literal, idLiteral);
                if (type == ColumnType.JSONB) {
                    out.jsonb(literal);
                } else {
                    out.text(literal);
                }
            }
            case INTEGER -> {
                int id = decoder.readInt();
                requireEqual(Integer.toString(id), idLiteral);
                out.int4(id);
            }
            case BIGINT -> {
                long id = decoder.readLong();
                requireEqual(Long.toString(id), idLiteral);
                out.int8(id);
            }
            default -> throw NotFast.INSTANCE;
        }
    }

    private static void requireEqual(String literal, String idLiteral) {
        if (!literal.equals(idLiteral)) {
            throw NotFast.INSTANCE;
        }
    }

    private void appendValue(String table, ColumnDef column, CopyBinaryBuffer out) throws IOException {
        switch (column.type()) {
            case TEXT -> {
                Utf8 utf8 = requireNoNul(decoder.readString(text));
                out.bytes(utf8.getBytes(), 0, utf8.getByteLength());
            }
            case JSONB -> {
                Utf8 utf8 = requireNoNul(decoder.readString(text));
                out.jsonb(utf8.getBytes(), 0, utf8.getByteLength());
            }
            case OBJECTID -> {
                Utf8 utf8 = requireObjectIdHex(decoder.readString(text));
                out.bytes(utf8.getBytes(), 0, utf8.getByteLength());
            }
            case NUMERIC -> out.numeric(Decimal128.parse(decoder.readString(text).toString()));
            case INTEGER -> out.int4(decoder.readInt());
            case BIGINT -> out.int8(decoder.readLong());
            case DOUBLE -> out.float8(decoder.readDouble());
            case BOOLEAN -> out.bool(decoder.readBoolean());
            case TIMESTAMPTZ -> out.timestamptz(requireTimestampRange(decoder.readLong()));
            case UUID -> {
                UUID uuid = UUID.fromString(decoder.readString(text).toString());
                out.uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            }
            case BYTEA -> appendBytea(out);
            default -> appendArray(table, column, out);
        }
    }

    private static long requireTimestampRange(long millis) {
        if (!ValueEncoder.inTimestampRange(millis)) {
            throw NotFast.INSTANCE;
        }
        return millis;
    }

    private void appendBytea(CopyBinaryBuffer out) throws IOException {
        int subtype = decoder.readInt();
        ByteBuffer data = decoder.readBytes(null);
        if ((byte) subtype == org.bson.BsonBinarySubType.UUID_STANDARD.getValue()) {
            throw NotFast.INSTANCE; // a bytea column refuses binary subtype 4: the generic path says so
        }
        out.bytes(data.array(), data.arrayOffset() + data.position(), data.remaining());
    }

    /** Arrays are rarer: their elements become BSON values, and the generic encoder writes the field. */
    private void appendArray(String table, ColumnDef column, CopyBinaryBuffer out) throws IOException {
        ColumnType element = column.type().elementType();
        BsonArray array = new BsonArray();
        for (long n = decoder.readArrayStart(); n > 0; n = decoder.arrayNext()) {
            for (long i = 0; i < n; i++) {
                array.add(decoder.readIndex() == 0 ? BsonNull.VALUE : readElement(element));
            }
        }
        ValueEncoder.write(out, table, column, array);
    }

    private BsonValue readElement(ColumnType element) throws IOException {
        return switch (element) {
            case TEXT -> new BsonString(decoder.readString(text).toString());
            case INTEGER -> new BsonInt32(decoder.readInt());
            case BIGINT -> new BsonInt64(decoder.readLong());
            case DOUBLE -> new BsonDouble(decoder.readDouble());
            default -> throw NotFast.INSTANCE;
        };
    }

    /**
     * The {@code _id}'s literal as the generic path computes it ({@link ValueEncoder#literal} of the parsed id), read
     * directly for the common ObjectId form.
     */
    private static String idLiteral(ColumnDef rootId, String rootTable, String idJson) {
        if (rootId.type() == ColumnType.OBJECTID && idJson.startsWith(OID_PREFIX) && idJson.endsWith(JSON_END)
                && idJson.length() == OID_PREFIX.length() + 24 + JSON_END.length()) {
            return requireObjectIdHex(idJson.substring(OID_PREFIX.length(), OID_PREFIX.length() + 24));
        }
        BsonValue id = ExtendedJson.parseValue(idJson);
        if (id.isNull()) {
            throw NotFast.INSTANCE;
        }
        return ValueEncoder.literal(rootTable, rootId, id);
    }

    /** The hex as ObjectId#toHexString writes it: 24 lowercase hex digits. */
    private static String requireObjectIdHex(String hex) {
        if (hex.length() != 24) {
            throw NotFast.INSTANCE;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                throw NotFast.INSTANCE;
            }
        }
        return hex;
    }

    /** The hex as ObjectId#toHexString writes it, as UTF-8. */
    private static Utf8 requireObjectIdHex(Utf8 hex) {
        byte[] bytes = hex.getBytes();
        if (hex.getByteLength() != 24) {
            throw NotFast.INSTANCE;
        }
        for (int i = 0; i < 24; i++) {
            byte c = bytes[i];
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                throw NotFast.INSTANCE;
            }
        }
        return hex;
    }

    /** PostgreSQL text cannot hold U+0000: such a value takes the generic path, which refuses it with a reason. */
    private static Utf8 requireNoNul(Utf8 utf8) {
        byte[] bytes = utf8.getBytes();
        for (int i = 0; i < utf8.getByteLength(); i++) {
            if (bytes[i] == 0) {
                throw NotFast.INSTANCE;
            }
        }
        return utf8;
    }

    private Optional<Plan> plan(Schema writer) {
        return RowSetLayout.of(writer).flatMap(this::plan);
    }

    /** A plan when the writer's tables and columns are exactly the sink's, in the same order; else empty. */
    private Optional<Plan> plan(RowSetLayout layout) {
        if (layout.tables().isEmpty()) {
            return Optional.empty();
        }
        CollectionTables tables = collectionByTable.get(layout.tables().get(0).table());
        if (tables == null || layout.tables().size() != tables.all().size()) {
            return Optional.empty();
        }
        List<TableDef> all = tables.all();
        TablePlan[] writerTables = new TablePlan[layout.tables().size()];
        for (int i = 0; i < writerTables.length; i++) {
            RowSetLayout.TableLayout written = layout.tables().get(i);
            int position = all.stream().map(TableDef::name).toList().indexOf(written.table());
            if (position < 0 || !sameColumns(written, all.get(position))) {
                return Optional.empty();
            }
            writerTables[i] = new TablePlan(written.table(), position, columns(all.get(position), position == 0));
        }
        return Optional.of(new Plan(tables, tables.root().column(RelationalModel.ID), writerTables));
    }

    private static boolean sameColumns(RowSetLayout.TableLayout written, TableDef table) {
        List<ColumnDef> columns = table.columns();
        if (written.columns().size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            RowSetLayout.ColumnLayout column = written.columns().get(i);
            if (!column.column().equals(columns.get(i).name()) || column.type() != columns.get(i).type()) {
                return false;
            }
        }
        return true;
    }

    private static ColumnPlan[] columns(TableDef table, boolean root) {
        String ownId = root ? RelationalModel.ID : RelationalModel.ROOT_ID;
        return table.columns().stream().map(c -> new ColumnPlan(c, c.name().equals(ownId))).toArray(ColumnPlan[]::new);
    }

    private record Plan(CollectionTables tables, ColumnDef rootId, TablePlan[] writerTables) {
    }

    /** A table field of the writer schema: where its rows go ({@code tables.all()} index) and its columns. */
    private record TablePlan(String name, int position, ColumnPlan[] columns) {
    }

    /** @param ownId whether the column holds the RowSet's {@code _id} ({@code _id} of the root, else {@code _root_id}) */
    private record ColumnPlan(ColumnDef def, boolean ownId) {
    }

    /** Thrown to leave the fast path; carries no stack trace, as it is not an error. */
    private static final class NotFast extends RuntimeException {
        private static final NotFast INSTANCE = new NotFast();

        private NotFast() {
            super(null, null, false, false);
        }
    }
}
