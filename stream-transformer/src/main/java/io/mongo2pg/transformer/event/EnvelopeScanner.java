package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.mongo2pg.mapping.normalize.TextCheck;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.value.ByteWords;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads a change event in one pass over the record value's bytes, for the shape nearly every record has: the
 * payload at the top or in the schema envelope, {@code after} and {@code before} as Extended JSON strings, a
 * {@code source} block without a session, no transaction block. Jackson's parser had to skip the {@code after}
 * string again after it was read from the bytes, and build nodes of every kept field: a third of reading a movie's
 * envelope. Whatever else the value holds, or anything unusual (an escape in a name, a number where text is
 * expected, a duplicate field, a session id), is left to the general path ({@link EnvelopeParser}) by returning
 * null; the general path then gives the event or the error it always gave. Skipped values are checked as strictly
 * as Jackson checks them, so that what Jackson refuses is never accepted here. One instance per thread.
 */
final class EnvelopeScanner {
    /** Deeper nesting in a skipped value is left to Jackson, which enforces its own limit. */
    private static final int MAX_DEPTH = 100;
    /** Longer numbers are left to Jackson, which enforces its own limit. */
    private static final int MAX_NUMBER_LENGTH = 500;
    /** Whole numbers of up to this many digits fit a long. */
    private static final int MAX_LONG_DIGITS = 18;

    private final JsonStringLiteral literal;
    private final JsonFactory json;
    private final RecentText collections = new RecentText();
    private final RecentText databases = new RecentText();
    private final FieldReader rootField = this::rootField;
    private final FieldReader payloadField = this::payloadField;
    private final FieldReader sourceField = this::sourceField;
    private final EventFields.UpdateReader updates = this::updateDescription;

    private final EventFields event = new EventFields();
    private byte[] in;
    private int pos;

    EnvelopeScanner(JsonStringLiteral literal, JsonFactory json) {
        this.literal = literal;
        this.json = json;
    }

    /**
     * The event of {@code value}, keyed by {@code id}; null when left to the general path. The value's bytes are
     * checked to be UTF-8 as they are read: an event is only returned for a value that is.
     */
    ChangeEvent read(BsonValue id, byte[] value) {
        if (value.length == 0 || value[0] != '{') {
            return null; // the general path reads documents from the bytes only when the value starts so
        }
        in = value;
        pos = 0;
        event.clear();
        try {
            object(rootField, 0);
            if (!Utf8.isWellFormed(in, pos, in.length)) {
                return null; // what follows the event is ignored, as Jackson does, but the whole value must be UTF-8
            }
            return event.toChangeEvent(id, updates);
        } catch (LeftToGeneralPath e) {
            return null;
        } finally {
            in = null;
        }
    }

    /** A field of an object: its name is {@code length} bytes at {@code name}; the position is at its value. */
    @FunctionalInterface
    private interface FieldReader {
        void field(int name, int length);
    }

    private void rootField(int name, int length) {
        if (is(name, length, Names.SCHEMA)) {
            event.see(EventFields.SCHEMA);
            skipValue(1);
        } else if (is(name, length, Names.PAYLOAD)) {
            event.see(EventFields.PAYLOAD);
            object(payloadField, 1);
        } else if (payloadField(name, length)) {
            event.atTop = true;
        }
    }

    /** Reads a field of the payload; whether it is one the event is made of (else it was skipped). */
    private boolean payloadField(int name, int length) {
        if (is(name, length, Names.OP)) {
            event.see(EventFields.OP);
            event.operation = operation();
        } else if (is(name, length, Names.AFTER)) {
            event.see(EventFields.AFTER);
            event.after = document();
            event.afterText = event.after == null || literal.mayHoldUnicodeEscape() ? TextCheck.REQUIRED
                    : TextCheck.KNOWN_STORABLE;
        } else if (is(name, length, Names.BEFORE)) {
            event.see(EventFields.BEFORE);
            event.before = document();
        } else if (is(name, length, Names.SOURCE)) {
            event.see(EventFields.SOURCE);
            object(sourceField, 1);
        } else if (is(name, length, Names.UPDATE_DESCRIPTION)) {
            event.see(EventFields.UPDATE_DESCRIPTION);
            event.updateStart = pos;
            skipValue(1);
            event.updateEnd = pos;
        } else if (is(name, length, Names.TRANSACTION)) {
            event.see(EventFields.TRANSACTION);
            requireNull(); // a transaction block is left to the general path
        } else {
            skipValue(1);
            return false;
        }
        return true;
    }

    private void sourceField(int name, int length) {
        if (is(name, length, Names.COLLECTION)) {
            event.see(EventFields.COLLECTION);
            event.collection = recent(collections);
        } else if (is(name, length, Names.DB)) {
            event.see(EventFields.DB);
            event.db = recent(databases);
        } else if (is(name, length, Names.TS_MS)) {
            event.see(EventFields.TS_MS);
            event.tsMs = wholeNumber();
        } else if (is(name, length, Names.ORD)) {
            event.see(EventFields.ORD);
            event.ord = wholeNumber();
        } else if (is(name, length, Names.SNAPSHOT)) {
            event.see(EventFields.SNAPSHOT);
            event.snapshot = snapshot();
        } else if (is(name, length, Names.LSID)) {
            event.see(EventFields.LSID);
            requireNull(); // a transaction's session id is left to the general path
        } else {
            skipValue(2);
        }
    }

    private UpdateDescription updateDescription(int start, int end) {
        try (JsonParser parser = json.createParser(in, start, end - start)) {
            return UpdateDescriptionReader.read(EnvelopeFields.readWhole(parser));
        } catch (IOException | RuntimeException e) {
            throw LeftToGeneralPath.INSTANCE; // the general path reports it, after any error it finds first
        }
    }

    /** The {@code op} code: one letter. */
    private Operation operation() {
        int end = plainStringEnd();
        if (end != pos + 2) {
            throw LeftToGeneralPath.INSTANCE;
        }
        Operation operation = switch (in[pos + 1]) {
            case 'r' -> Operation.READ;
            case 'c' -> Operation.CREATE;
            case 'u' -> Operation.UPDATE;
            case 'd' -> Operation.DELETE;
            default -> throw LeftToGeneralPath.INSTANCE;
        };
        pos = end + 1;
        return operation;
    }

    /** The string at the position, as {@code texts} last gave it when its bytes are the same. */
    private String recent(RecentText texts) {
        int end = plainStringEnd();
        String text = texts.of(in, pos + 1, end);
        pos = end + 1;
        return text;
    }

    /** An Extended JSON document in a string, or null for JSON null. */
    private BsonDocument document() {
        if (isNull()) {
            return null;
        }
        if (!literal.unescape(in, pos)) {
            throw LeftToGeneralPath.INSTANCE;
        }
        pos = literal.end();
        BsonDocument document = ExtendedJsonParser.parseCommonForms(literal.bytes(), 0, literal.length());
        if (document == null) {
            throw LeftToGeneralPath.INSTANCE;
        }
        return document;
    }

    private boolean snapshot() {
        if (isNull()) {
            return false;
        }
        if (at(pos) == 't' || at(pos) == 'f') {
            boolean value = at(pos) == 't';
            skipValue(2);
            return value;
        }
        String marker = plainString();
        if (marker.isBlank()) {
            throw LeftToGeneralPath.INSTANCE;
        }
        return !marker.equalsIgnoreCase("false");
    }

    // ---- JSON structure ----

    /** Reads an object, handing each field to {@code reader}, which must read or skip its value. */
    private void object(FieldReader reader, int depth) {
        if (depth > MAX_DEPTH || at(pos) != '{') {
            throw LeftToGeneralPath.INSTANCE;
        }
        pos++;
        skipWhitespace();
        if (at(pos) == '}') {
            pos++;
            return;
        }
        while (true) {
            int name = pos + 1;
            int nameEnd = plainStringEnd();
            pos = nameEnd + 1;
            skipWhitespace();
            expect(':');
            skipWhitespace();
            reader.field(name, nameEnd - name);
            skipWhitespace();
            if (at(pos) == '}') {
                pos++;
                return;
            }
            expect(',');
            skipWhitespace();
        }
    }

    private void array(int depth) {
        if (depth > MAX_DEPTH) {
            throw LeftToGeneralPath.INSTANCE;
        }
        pos++;
        skipWhitespace();
        if (at(pos) == ']') {
            pos++;
            return;
        }
        while (true) {
            skipValue(depth);
            skipWhitespace();
            if (at(pos) == ']') {
                pos++;
                return;
            }
            expect(',');
            skipWhitespace();
        }
    }

    private void skipValue(int depth) {
        switch (at(pos)) {
            case '{' -> object((name, length) -> skipValue(depth + 1), depth); // rare: the schema, unknown blocks
            case '[' -> array(depth + 1);
            case '"' -> skipString();
            case 't' -> word(Names.TRUE);
            case 'f' -> word(Names.FALSE);
            case 'n' -> word(Names.NULL);
            default -> skipNumber();
        }
    }

    private boolean isNull() {
        if (at(pos) != 'n') {
            return false;
        }
        word(Names.NULL);
        return true;
    }

    private void requireNull() {
        if (!isNull()) {
            throw LeftToGeneralPath.INSTANCE;
        }
    }

    private void word(byte[] word) {
        if (pos + word.length > in.length || !is(pos, word.length, word)) {
            throw LeftToGeneralPath.INSTANCE;
        }
        pos += word.length;
    }

    /** The string at the position, which must have no escape; the position moves past it. */
    private String plainString() {
        int start = pos + 1;
        int end = plainStringEnd();
        pos = end + 1;
        return new String(in, start, end - start, StandardCharsets.UTF_8);
    }

    /** Where the closing quote of the string at the position is; a string with an escape is left to Jackson. */
    private int plainStringEnd() {
        if (at(pos) != '"') {
            throw LeftToGeneralPath.INSTANCE;
        }
        int end = nextSpecial(pos + 1);
        if (in[end] != '"') {
            throw LeftToGeneralPath.INSTANCE;
        }
        return end;
    }

    /** Skips a string, checking its escapes as Jackson does. */
    private void skipString() {
        int at = pos + 1;
        while (true) {
            at = nextSpecial(at);
            if (in[at] == '"') {
                pos = at + 1;
                return;
            }
            if (in[at] != '\\' || at + 1 >= in.length) {
                throw LeftToGeneralPath.INSTANCE; // an unescaped control character
            }
            at += escapeLength(at + 1);
        }
    }

    /** The length of the escape whose backslash is just before {@code at}, backslash included. */
    private int escapeLength(int at) {
        return switch (in[at]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> 2;
            case 'u' -> {
                for (int i = at + 1; i <= at + 4; i++) {
                    if (Character.digit(at(i), 16) < 0) {
                        throw LeftToGeneralPath.INSTANCE;
                    }
                }
                yield 6;
            }
            default -> throw LeftToGeneralPath.INSTANCE;
        };
    }

    /**
     * The first quote, backslash or control character from {@code from} on, which must come before the end; the
     * characters passed over must be well-formed UTF-8.
     */
    private int nextSpecial(int from) {
        int at = nextSpecialOrNonAscii(from);
        while (in[at] < 0) {
            int length = Utf8.sequenceLength(in, at, in.length);
            if (length < 0) {
                throw LeftToGeneralPath.INSTANCE; // the general path reports it
            }
            at = nextSpecialOrNonAscii(at + length);
        }
        return at;
    }

    private int nextSpecialOrNonAscii(int from) {
        int at = from;
        for (; at + Long.BYTES <= in.length; at += Long.BYTES) {
            long word = ByteWords.word(in, at);
            long specials = ByteWords.jsonSpecials(word) | (word & ByteWords.HIGH_BITS);
            if (specials != 0) {
                return at + ByteWords.firstFlagged(specials);
            }
        }
        for (; at < in.length; at++) {
            byte b = in[at];
            if (b == '"' || b == '\\' || b < ' ') {
                return at;
            }
        }
        throw LeftToGeneralPath.INSTANCE;
    }

    /** A whole number that fits a long, written plainly (no fraction, exponent or quotes). */
    private long wholeNumber() {
        int start = pos;
        skipNumber();
        int digits = pos - start - (in[start] == '-' ? 1 : 0);
        if (digits > MAX_LONG_DIGITS || hasFractionOrExponent(start, pos)) {
            throw LeftToGeneralPath.INSTANCE;
        }
        return Long.parseLong(new String(in, start, pos - start, StandardCharsets.US_ASCII));
    }

    private boolean hasFractionOrExponent(int start, int end) {
        for (int i = start; i < end; i++) {
            if (in[i] == '.' || in[i] == 'e' || in[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    /** Skips a number as JSON writes one: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void skipNumber() {
        int start = pos;
        if (at(pos) == '-') {
            pos++;
        }
        if (at(pos) == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < in.length && in[pos] == '.') {
            pos++;
            digits();
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (at(pos) == '+' || at(pos) == '-') {
                pos++;
            }
            digits();
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw LeftToGeneralPath.INSTANCE;
        }
    }

    /** One or more digits. */
    private void digits() {
        if (!isDigit(at(pos))) {
            throw LeftToGeneralPath.INSTANCE;
        }
        while (pos < in.length && isDigit(in[pos])) {
            pos++;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void skipWhitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
            pos++;
        }
    }

    private void expect(char c) {
        if (at(pos) != c) {
            throw LeftToGeneralPath.INSTANCE;
        }
        pos++;
    }

    /** The byte at {@code at}; the end of the input is left to Jackson. */
    private byte at(int at) {
        if (at >= in.length) {
            throw LeftToGeneralPath.INSTANCE;
        }
        return in[at];
    }

    private boolean is(int at, int length, byte[] name) {
        return length == name.length && Arrays.equals(in, at, at + length, name, 0, length);
    }

    /** Thrown, without a stack trace, to leave the record to the general path. */
    private static final class LeftToGeneralPath extends RuntimeException {
        static final LeftToGeneralPath INSTANCE = new LeftToGeneralPath();

        private LeftToGeneralPath() {
            super("left to the general path", null, false, false);
        }
    }

    /**
     * The last string read from some bytes, reused while the bytes are the same: the collection and database of a
     * topic's events, whose hash codes are then computed once instead of at every lookup.
     */
    private static final class RecentText {
        private byte[] bytes = new byte[0];
        private String text;

        String of(byte[] in, int start, int end) {
            if (text == null || !Arrays.equals(in, start, end, bytes, 0, bytes.length)) {
                bytes = Arrays.copyOfRange(in, start, end);
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            return text;
        }
    }

    /** The names the scanner looks for, as bytes. */
    private static final class Names {
        static final byte[] SCHEMA = ascii("schema");
        static final byte[] PAYLOAD = ascii("payload");
        static final byte[] OP = ascii("op");
        static final byte[] AFTER = ascii("after");
        static final byte[] BEFORE = ascii("before");
        static final byte[] SOURCE = ascii("source");
        static final byte[] UPDATE_DESCRIPTION = ascii("updateDescription");
        static final byte[] TRANSACTION = ascii("transaction");
        static final byte[] COLLECTION = ascii("collection");
        static final byte[] DB = ascii("db");
        static final byte[] TS_MS = ascii("ts_ms");
        static final byte[] ORD = ascii("ord");
        static final byte[] SNAPSHOT = ascii("snapshot");
        static final byte[] LSID = ascii("lsid");
        static final byte[] TRUE = ascii("true");
        static final byte[] FALSE = ascii("false");
        static final byte[] NULL = ascii("null");

        private static byte[] ascii(String name) {
            return name.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** What the scan found, checked into a change event at its end. */
    private static final class EventFields {
        static final int SCHEMA = 1;
        static final int PAYLOAD = 1 << 1;
        static final int OP = 1 << 2;
        static final int AFTER = 1 << 3;
        static final int BEFORE = 1 << 4;
        static final int SOURCE = 1 << 5;
        static final int UPDATE_DESCRIPTION = 1 << 6;
        static final int TRANSACTION = 1 << 7;
        static final int COLLECTION = 1 << 8;
        static final int DB = 1 << 9;
        static final int TS_MS = 1 << 10;
        static final int ORD = 1 << 11;
        static final int SNAPSHOT = 1 << 12;
        static final int LSID = 1 << 13;
        private static final int REQUIRED = OP | SOURCE | COLLECTION | DB | TS_MS | ORD;

        int seen;
        /** Whether a payload field was found at the top, beside the schema envelope's fields. */
        boolean atTop;
        Operation operation;
        BsonDocument after;
        BsonDocument before;
        TextCheck afterText;
        int updateStart = -1;
        int updateEnd;
        String collection;
        String db;
        long tsMs;
        long ord;
        boolean snapshot;

        void clear() {
            seen = 0;
            atTop = false;
            operation = null;
            after = null;
            afterText = TextCheck.REQUIRED;
            before = null;
            updateStart = -1;
            collection = null;
            db = null;
            snapshot = false;
        }

        /** Records a field; a field seen twice (Jackson keeps the last) is left to the general path. */
        void see(int field) {
            if ((seen & field) != 0) {
                throw LeftToGeneralPath.INSTANCE;
            }
            seen |= field;
        }

        interface UpdateReader {
            UpdateDescription read(int start, int end);
        }

        ChangeEvent toChangeEvent(BsonValue id, UpdateReader updates) {
            boolean envelope = (seen & PAYLOAD) != 0;
            if (envelope && ((seen & SCHEMA) == 0 || atTop)) {
                throw LeftToGeneralPath.INSTANCE; // a payload field beside the envelope: the general path decides
            }
            if ((seen & REQUIRED) != REQUIRED || ord != (int) ord) {
                throw LeftToGeneralPath.INSTANCE;
            }
            BsonDocument document = operation == Operation.DELETE ? null : after;
            if (document == null && (operation == Operation.READ || operation == Operation.CREATE)) {
                throw LeftToGeneralPath.INSTANCE;
            }
            UpdateDescription update = operation == Operation.UPDATE && updateStart >= 0
                    ? updates.read(updateStart, updateEnd) : null;
            return new ChangeEvent(operation, collection, db, id, before, document, update,
                    new SourcePosition(collection, tsMs, (int) ord, snapshot, null), afterText);
        }
    }
}
