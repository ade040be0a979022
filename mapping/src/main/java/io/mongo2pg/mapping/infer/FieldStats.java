package io.mongo2pg.mapping.infer;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonValue;

/**
 * What was seen of one field at one level: how often it was there, null, or of each kind (with values that would not
 * come back exactly from their natural column), and below it the subdocument's or the array's own statistics.
 * Reference candidates (ObjectIds, integers) keep a sample of their values; on a collection's root level they also
 * keep their distinct values, so that other fields can be found pointing at them.
 */
final class FieldStats {
    private final InferenceSettings settings;
    private final boolean root;
    private final Map<ValueKind, Long> kinds = new LinkedHashMap<>();
    private final Map<ValueKind, Long> unfit = new LinkedHashMap<>();
    private long present;
    private long nulls;
    private long stringsWithNul;
    private LevelStats document;
    private ArrayStats array;
    private ValueSample sample;
    private DistinctValues distinct;

    FieldStats(InferenceSettings settings, boolean root) {
        this.settings = settings;
        this.root = root;
    }

    void observe(BsonValue value) {
        present++;
        ValueKind kind = ValueKind.of(value);
        if (kind == ValueKind.NULL) {
            nulls++;
            return;
        }
        kinds.merge(kind, 1L, Long::sum);
        if (!ValueKind.fits(kind, value)) {
            unfit.merge(kind, 1L, Long::sum);
        }
        if (value.isString() && value.asString().getValue().indexOf('\0') >= 0) {
            stringsWithNul++;
        } else if (kind == ValueKind.DOCUMENT) {
            document().observe(value.asDocument());
        } else if (kind == ValueKind.ARRAY) {
            array().observe(value.asArray());
        } else if (kind.isReferenceCandidate()) {
            sample().offer(value);
            if (root) {
                distinct().offer(value);
            }
        }
    }

    private LevelStats document() {
        if (document == null) {
            document = new LevelStats(settings, false);
        }
        return document;
    }

    private ArrayStats array() {
        if (array == null) {
            array = new ArrayStats(settings);
        }
        return array;
    }

    private ValueSample sample() {
        if (sample == null) {
            sample = new ValueSample(settings.referenceSample());
        }
        return sample;
    }

    private DistinctValues distinct() {
        if (distinct == null) {
            distinct = new DistinctValues(settings.keyValuesCap());
        }
        return distinct;
    }

    long present() {
        return present;
    }

    long nulls() {
        return nulls;
    }

    long nonNull() {
        return present - nulls;
    }

    Map<ValueKind, Long> kinds() {
        return kinds;
    }

    long unfit(ValueKind kind) {
        return unfit.getOrDefault(kind, 0L);
    }

    /** The most frequent kind of the non-null values, if any. */
    Optional<ValueKind> dominant() {
        return kinds.entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).map(Map.Entry::getKey);
    }

    /** Strings and field names holding U+0000, which PostgreSQL cannot store, in this field at any depth. */
    long nulProblems() {
        return stringsWithNul + (document == null ? 0 : document.nulProblems()) + (array == null ? 0 : array.nulProblems());
    }

    Optional<LevelStats> subdocument() {
        return Optional.ofNullable(document);
    }

    Optional<ArrayStats> arrays() {
        return Optional.ofNullable(array);
    }

    Optional<ValueSample> values() {
        return Optional.ofNullable(sample);
    }

    Optional<DistinctValues> distinctValues() {
        return Optional.ofNullable(distinct);
    }
}
