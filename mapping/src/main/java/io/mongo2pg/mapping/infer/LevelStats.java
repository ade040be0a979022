package io.mongo2pg.mapping.infer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * What was seen at one level of the documents (a collection's documents, a subdocument, the elements of an array of
 * subdocuments): how many documents, and per field name its {@link FieldStats}. Field names are tracked up to
 * {@link InferenceSettings#maxKeysPerLevel()}: an object whose keys are data (ids as keys) would otherwise grow
 * without bound.
 */
final class LevelStats {
    /** Keys that are data rather than names: hex ids, numbers, UUIDs, dates. */
    private static final Pattern ID_LIKE = Pattern.compile("[0-9a-fA-F]{8,}|[0-9]+|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-"
            + "[0-9a-fA-F]{12}|\\d{4}-\\d{2}-\\d{2}.*");

    private final InferenceSettings settings;
    private final boolean root;
    private final Map<String, FieldStats> fields = new LinkedHashMap<>();
    private long documents;
    private long idLikeKeys;
    private long untrackedKeys;
    private long keysWithNul;

    LevelStats(InferenceSettings settings, boolean root) {
        this.settings = settings;
        this.root = root;
    }

    void observe(BsonDocument document) {
        documents++;
        for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
            if (root && entry.getKey().equals("_id")) {
                continue; // the primary key: profiled apart
            }
            FieldStats field = field(entry.getKey());
            if (field != null) {
                field.observe(entry.getValue());
            }
        }
    }

    private FieldStats field(String key) {
        FieldStats field = fields.get(key);
        if (field != null) {
            return field;
        }
        if (fields.size() >= settings.maxKeysPerLevel()) {
            untrackedKeys++;
            return null;
        }
        if (ID_LIKE.matcher(key).matches()) {
            idLikeKeys++;
        }
        if (key.indexOf('\0') >= 0) {
            keysWithNul++;
        }
        field = new FieldStats(settings, root);
        fields.put(key, field);
        return field;
    }

    long documents() {
        return documents;
    }

    Map<String, FieldStats> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** Distinct field names tracked (all of them unless {@link #overflowed()}). */
    int trackedKeys() {
        return fields.size();
    }

    boolean overflowed() {
        return untrackedKeys > 0;
    }

    /** Many distinct keys, most of them looking like ids: the keys are values (an object used as a map). */
    boolean keysAreValues() {
        return fields.size() >= settings.keyAsValueMinKeys() && idLikeKeys >= 0.8 * fields.size();
    }

    long idLikeKeys() {
        return idLikeKeys;
    }

    /** Strings and field names holding U+0000, anywhere at or below this level. */
    long nulProblems() {
        return keysWithNul + fields.values().stream().mapToLong(FieldStats::nulProblems).sum();
    }
}
