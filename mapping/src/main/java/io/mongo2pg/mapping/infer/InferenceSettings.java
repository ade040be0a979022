package io.mongo2pg.mapping.infer;

/**
 * The thresholds behind every decision of the inference, so a report can quote them and a user can change them.
 *
 * @param rareFraction a field present in fewer of its level's documents than this stays in the catch-all column
 * @param dominantFraction a field whose most frequent type has at least this share of its non-null values gets a
 *     column of that type with {@code onMismatch: extra}; below it, a jsonb column
 * @param keyAsValueMinKeys an object with at least this many distinct keys across documents, most of them
 *     looking like ids, is kept whole in jsonb (its keys are data, not field names)
 * @param maxKeysPerLevel distinct field names tracked per level; past it the level is kept whole in jsonb (and
 *     its statistics stop growing, which bounds memory)
 * @param referenceSample values kept per field (reservoir sample) to look for references
 * @param keyValuesCap distinct values kept per candidate key ({@code _id} or an all-distinct root field)
 * @param objectIdMatch share of sampled ObjectIds that must be found among the target's values (ObjectIds do not
 *     collide by chance, so a partial export still counts)
 * @param numberMatch share of sampled integers that must be found; the field's name must also name the target
 */
public record InferenceSettings(double rareFraction, double dominantFraction, int keyAsValueMinKeys, int maxKeysPerLevel,
                                int referenceSample, int keyValuesCap, double objectIdMatch, double numberMatch) {
    public static final InferenceSettings DEFAULTS =
            new InferenceSettings(0.01, 0.9, 10, 300, 1_000, 200_000, 0.5, 0.9);
}
