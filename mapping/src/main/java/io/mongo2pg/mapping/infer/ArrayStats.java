package io.mongo2pg.mapping.infer;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonValue;

/**
 * What was seen in the arrays of one field: their lengths, the kinds of their elements, and below them the
 * statistics of subdocument elements (a child table's columns) or a sample of reference candidates (a link table).
 */
final class ArrayStats {
    private final InferenceSettings settings;
    private final Map<ValueKind, Long> elementKinds = new LinkedHashMap<>();
    private final Map<ValueKind, Long> unfit = new LinkedHashMap<>();
    private long arrays;
    private long empty;
    private long minLength = Long.MAX_VALUE;
    private long maxLength;
    private long totalLength;
    private long stringsWithNul;
    private LevelStats elements;
    private ValueSample sample;

    ArrayStats(InferenceSettings settings) {
        this.settings = settings;
    }

    void observe(BsonArray array) {
        arrays++;
        if (array.isEmpty()) {
            empty++;
        }
        minLength = Math.min(minLength, array.size());
        maxLength = Math.max(maxLength, array.size());
        totalLength += array.size();
        array.forEach(this::element);
    }

    private void element(BsonValue value) {
        ValueKind kind = ValueKind.of(value);
        elementKinds.merge(kind, 1L, Long::sum);
        if (!ValueKind.fits(kind, value)) {
            unfit.merge(kind, 1L, Long::sum);
        }
        if (value.isString() && value.asString().getValue().indexOf('\0') >= 0) {
            stringsWithNul++;
        } else if (kind == ValueKind.DOCUMENT) {
            if (elements == null) {
                elements = new LevelStats(settings, false);
            }
            elements.observe(value.asDocument());
        } else if (kind.isReferenceCandidate()) {
            if (sample == null) {
                sample = new ValueSample(settings.referenceSample());
            }
            sample.offer(value);
        }
    }

    long arrays() {
        return arrays;
    }

    long empty() {
        return empty;
    }

    long minLength() {
        return arrays == 0 ? 0 : minLength;
    }

    long maxLength() {
        return maxLength;
    }

    double averageLength() {
        return arrays == 0 ? 0 : (double) totalLength / arrays;
    }

    long elementCount() {
        return totalLength;
    }

    Map<ValueKind, Long> elementKinds() {
        return elementKinds;
    }

    long unfitElements() {
        return unfit.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The most frequent kind of element, null included. */
    Optional<ValueKind> dominant() {
        return elementKinds.entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).map(Map.Entry::getKey);
    }

    long nulProblems() {
        return stringsWithNul + (elements == null ? 0 : elements.nulProblems());
    }

    Optional<LevelStats> elements() {
        return Optional.ofNullable(elements);
    }

    Optional<ValueSample> values() {
        return Optional.ofNullable(sample);
    }
}
