package io.mongo2pg.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Documents of random shape and type for {@link NormalizerPropertiesTest}, shaped around its mapping. In {@code valid}
 * mode every mapped field is absent, null or a value that fits; otherwise it may also hold any value at all,
 * strings may hold U+0000 or lone surrogates, and keys of any level may collide with mapped ones.
 */
final class GeneratedDocuments {
    private static final List<String> KEYS = List.of("a", "b", "name", "kind", "qty", "sku", "level", "x", "ü", "日本");
    private final boolean valid;

    GeneratedDocuments(boolean valid) {
        this.valid = valid;
    }

    Arbitrary<BsonValue> things() {
        return level(List.of(
                field("_id", Arbitraries.oneOf(scalar(), document(1)).filter(id -> !id.isNull()), 0),
                field("n", Arbitraries.integers().map(BsonInt32::new)),
                field("big", Arbitraries.longs().map(BsonInt64::new)),
                field("d", doubles()),
                field("dec", decimals()),
                field("s", text()),
                field("when", Arbitraries.longs().between(-210_863_520_000_000L, 9_224_318_015_999_999L).map(BsonDateTime::new)),
                field("flag", Arbitraries.of(BsonBoolean.TRUE, BsonBoolean.FALSE)),
                field("oid", objectIds()),
                field("uid", Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> new BsonBinary((byte) 4, b))),
                field("bin", Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(BsonBinary::new)),
                field("tags", arrayOf(weighted(5, text(), 1, Arbitraries.just(BsonNull.VALUE)))),
                field("nums", arrayOf(doubles())),
                field("meta", level(List.of(field("kind", text()), field("hidden", any(1)),
                        field("deep", level(List.of(field("level", Arbitraries.integers().map(BsonInt32::new))), Set.of("level")))),
                        Set.of("kind", "hidden", "deep"))),
                field("any", any(2)),
                field("profile", level(List.of(field("name", text()),
                        field("address", level(List.of(field("city", text())), Set.of("city")))), Set.of("name", "address"))),
                field("items", arrayOf(item())),
                field("keyed", keyed()),
                field("words", arrayOf(weighted(5, text(), 1, Arbitraries.just(BsonNull.VALUE)))),
                field("refs", arrayOf(Arbitraries.oneOf(scalar(), document(1)))),
                field("password", any(1))),
                Set.of("_id", "n", "big", "d", "dec", "s", "when", "flag", "oid", "uid", "bin", "tags", "nums", "meta", "any",
                        "profile", "items", "keyed", "words", "refs", "password"));
    }

    private Arbitrary<BsonValue> item() {
        Arbitrary<BsonValue> part = level(List.of(field("code", text()),
                field("notes", arrayOf(weighted(5, text(), 1, Arbitraries.just(BsonNull.VALUE))))),
                Set.of("code", "notes"));
        return level(List.of(field("sku", text()), field("qty", Arbitraries.integers().map(BsonInt32::new)),
                field("parts", arrayOf(part)), field("box", level(List.of(field("size", Arbitraries.integers().map(BsonInt32::new))),
                        Set.of("size"))), field("secret", any(1))), Set.of("sku", "qty", "parts", "box", "secret"));
    }

    /** Elements keyed by {@code k}: distinct keys in valid mode, any in the other. */
    private Arbitrary<BsonValue> keyed() {
        var ints = Arbitraries.integers().between(-3, 3).list().ofMaxSize(4);
        Arbitrary<List<Integer>> unique = valid ? ints.uniqueElements() : ints;
        return Combinators.combine(unique, text().list().ofSize(4)).as((ks, vs) -> {
            BsonArray array = new BsonArray();
            for (int i = 0; i < ks.size(); i++) {
                array.add(new BsonDocument("k", new BsonInt32(ks.get(i))).append("v", vs.get(i)));
            }
            return (BsonValue) array;
        });
    }

    /** A subdocument made of the given mapped fields plus random others (not named like a mapped one in valid mode). */
    private Arbitrary<BsonValue> level(List<Arbitrary<Optional<Map.Entry<String, BsonValue>>>> fields, Set<String> mapped) {
        Arbitrary<List<Map.Entry<String, BsonValue>>> extras = Combinators.combine(Arbitraries.of(KEYS), any(1))
                .as(Map::entry).list().ofMaxSize(3)
                .map(list -> list.stream().filter(e -> !valid || !mapped.contains(e.getKey())).toList());
        return Combinators.combine(Combinators.combine(fields).as(list -> list), extras).as((mappedFields, others) -> {
            BsonDocument document = new BsonDocument();
            others.forEach(e -> document.put(e.getKey(), e.getValue()));
            mappedFields.forEach(f -> f.ifPresent(e -> document.put(e.getKey(), e.getValue())));
            return document;
        });
    }

    /** A mapped field: absent, null, a value that fits, and outside valid mode also anything. */
    private Arbitrary<Optional<Map.Entry<String, BsonValue>>> field(String name, Arbitrary<? extends BsonValue> fitting) {
        return field(name, fitting, 1);
    }

    private Arbitrary<Optional<Map.Entry<String, BsonValue>>> field(String name, Arbitrary<? extends BsonValue> fitting,
                                                                    int absentOrNullWeight) {
        Arbitrary<Optional<Map.Entry<String, BsonValue>>> present = fitting.map(v -> Optional.of(Map.entry(name, v)));
        Arbitrary<Optional<Map.Entry<String, BsonValue>>> absent = Arbitraries.just(Optional.empty());
        Arbitrary<Optional<Map.Entry<String, BsonValue>>> nullValue = Arbitraries.just(Optional.of(Map.entry(name, BsonNull.VALUE)));
        Arbitrary<Optional<Map.Entry<String, BsonValue>>> anything = any(2).map(v -> Optional.of(Map.entry(name, v)));
        if (absentOrNullWeight == 0) {
            return valid ? present : weighted(8, present, 1, anything);
        }
        return valid ? weighted(2, absent, 1, nullValue, 6, present)
                : weighted(2, absent, 1, nullValue, 5, present, 2, anything);
    }

    private Arbitrary<BsonValue> arrayOf(Arbitrary<? extends BsonValue> element) {
        return element.list().ofMaxSize(4).map(list -> new BsonArray(new ArrayList<>(list)));
    }

    Arbitrary<BsonValue> any(int depth) {
        if (depth == 0) {
            return scalar();
        }
        return weighted(6, scalar(), 1, document(depth - 1),
                1, any(depth - 1).list().ofMaxSize(3).map(l -> new BsonArray(new ArrayList<>(l))));
    }

    private Arbitrary<BsonValue> document(int depth) {
        return Combinators.combine(Arbitraries.of(KEYS), any(depth)).as(Map::entry).list().ofMaxSize(3).map(entries -> {
            BsonDocument document = new BsonDocument();
            entries.forEach(e -> document.put(e.getKey(), e.getValue()));
            return document;
        });
    }

    /** Every BSON type Extended JSON can carry. */
    Arbitrary<BsonValue> scalar() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.integers().map(BsonInt32::new), Arbitraries.longs().map(BsonInt64::new), doubles(),
                // Not NEGATIVE_NaN: Extended JSON writes every NaN as "NaN", so no change event can carry one.
                Arbitraries.oneOf(decimals(), Arbitraries.of(Decimal128.NEGATIVE_ZERO, Decimal128.parse("1E+20"))
                        .map(BsonDecimal128::new)),
                text(), Arbitraries.of(BsonBoolean.TRUE, BsonBoolean.FALSE), Arbitraries.just(BsonNull.VALUE),
                Arbitraries.longs().map(BsonDateTime::new),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers()).as((t, i) -> new BsonTimestamp(t, i)),
                objectIds(),
                Combinators.combine(Arbitraries.of((byte) 0, (byte) 3, (byte) 4, (byte) 9, (byte) 0x80),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(17)).as(BsonBinary::new),
                Combinators.combine(text(), Arbitraries.of("", "i", "imsx")).as((p, o) ->
                        new BsonRegularExpression(p.asString().getValue(), o)),
                text().map(s -> new BsonJavaScript(s.asString().getValue())),
                text().map(s -> new BsonJavaScriptWithScope(s.asString().getValue(), new BsonDocument("x", s))),
                text().map(s -> new BsonSymbol(s.asString().getValue())),
                Arbitraries.of(new BsonMinKey(), new BsonMaxKey(), new BsonUndefined()),
                Combinators.combine(text(), objectIds()).as((ns, id) -> new BsonDbPointer(ns.asString().getValue(),
                        id.asObjectId().getValue()))));
    }

    private Arbitrary<BsonValue> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles().map(BsonDouble::new),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE)
                        .map(BsonDouble::new));
    }

    /** Decimal128 values numeric keeps exactly: no positive exponent, no negative zero. */
    private Arbitrary<BsonValue> decimals() {
        Arbitrary<BsonValue> finite = Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 30))
                .as((unscaled, scale) -> new BsonDecimal128(new Decimal128(BigDecimal.valueOf(unscaled, scale))));
        return Arbitraries.oneOf(finite, Arbitraries.of(Decimal128.NaN, Decimal128.POSITIVE_INFINITY,
                Decimal128.NEGATIVE_INFINITY).map(BsonDecimal128::new));
    }

    private Arbitrary<BsonValue> objectIds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(12).map(b -> new BsonObjectId(new ObjectId(b)));
    }

    /** Any Unicode text; outside valid mode also U+0000 and lone surrogates, which PostgreSQL cannot store. */
    Arbitrary<BsonValue> text() {
        Arbitrary<String> storable = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6),
                Arbitraries.strings().withCharRange('\u0080', '\uD7FF').ofMaxLength(4),
                Arbitraries.of("😀", "𝄞 clef", "e\u0301", "\u202eRTL", "", " "));
        Arbitrary<String> any = valid ? storable : weighted(12, storable,
                1, Arbitraries.of("a\u0000b", "\uD800", "x\uDC00y"));
        return any.map(BsonString::new);
    }

    /** Arbitraries.frequencyOf with (weight, arbitrary) pairs written inline. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Arbitrary<T> weighted(Object... weightsAndArbitraries) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends T>>> choices = new ArrayList<>();
        for (int i = 0; i < weightsAndArbitraries.length; i += 2) {
            choices.add(Tuple.of((Integer) weightsAndArbitraries[i], (Arbitrary<? extends T>) weightsAndArbitraries[i + 1]));
        }
        return Arbitraries.frequencyOf(choices.toArray(new Tuple.Tuple2[0]));
    }
}
