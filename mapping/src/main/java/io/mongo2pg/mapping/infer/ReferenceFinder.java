package io.mongo2pg.mapping.infer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonValue;

/**
 * Finds fields whose values point at another collection: the target is a collection's {@code _id} or a root field
 * whose values are (nearly) all distinct and always there; the field's sampled values must mostly be found among the
 * target's. ObjectIds cannot match by chance, so a partial export (some targets missing) still counts; integers
 * easily can (a year is also a small id), so they need a higher share and a name that names the target
 * ({@code accounts} or {@code account_id} for {@code accounts.account_id}, {@code theaterId} for {@code theaters}).
 */
final class ReferenceFinder {
    private record Target(String collection, String field, ValueKind kind, DistinctValues values) {
    }

    private final InferenceSettings settings;
    private final List<Target> targets;

    private ReferenceFinder(InferenceSettings settings, List<Target> targets) {
        this.settings = settings;
        this.targets = targets;
    }

    static ReferenceFinder of(List<CollectionProfile> profiles, InferenceSettings settings) {
        List<Target> targets = new ArrayList<>();
        for (CollectionProfile profile : profiles) {
            key(profile.id(), profile.documents(), 1.0).ifPresent(
                    k -> targets.add(new Target(profile.name(), "_id", k, profile.id().distinctValues().orElseThrow())));
            for (Map.Entry<String, FieldStats> field : profile.root().fields().entrySet()) {
                key(field.getValue(), profile.documents(), 0.99).ifPresent(k -> targets.add(new Target(profile.name(),
                        field.getKey(), k, field.getValue().distinctValues().orElseThrow())));
            }
        }
        return new ReferenceFinder(settings, targets);
    }

    /** The kind of a field that can be pointed at: one reference kind, always there, (nearly) all distinct. */
    private static Optional<ValueKind> key(FieldStats field, long documents, double distinctShare) {
        if (field.kinds().size() != 1 || field.nulls() > 0 || field.distinctValues().isEmpty()
                || field.present() < 0.99 * documents) {
            return Optional.empty();
        }
        ValueKind kind = field.kinds().keySet().iterator().next();
        DistinctValues values = field.distinctValues().get();
        boolean distinct = values.size() >= distinctShare * field.present() || !values.complete();
        return kind.isReferenceCandidate() && field.unfit(kind) == 0 && distinct ? Optional.of(kind) : Optional.empty();
    }

    /**
     * The best target of a field named {@code name} (its last segment) in {@code collection}, from a sample of its
     * values of one kind; {@code rootField} is its path when it is a root field, so it is not found pointing at itself.
     */
    Optional<Reference> find(String collection, String rootField, String name, ValueKind kind, List<BsonValue> sample) {
        if (sample.isEmpty() || !kind.isReferenceCandidate()) {
            return Optional.empty();
        }
        return targets.stream()
                .filter(t -> t.kind().equals(kind))
                .filter(t -> !(t.collection().equals(collection) && t.field().equals(rootField)))
                .filter(t -> kind.column() == io.mongo2pg.mapping.model.ColumnType.OBJECTID || namesTarget(name, t))
                .map(t -> reference(t, sample))
                .filter(r -> r.share() >= (kind.column() == io.mongo2pg.mapping.model.ColumnType.OBJECTID
                        ? settings.objectIdMatch() : settings.numberMatch()))
                .max(Comparator.comparingDouble(Reference::share).thenComparing(r -> r.field().equals("_id")));
    }

    private static Reference reference(Target target, List<BsonValue> sample) {
        long found = sample.stream().filter(target.values()::contains).count();
        return new Reference(target.collection(), target.field(), found, sample.size(),
                target.values().complete() ? target.values().duplicates() : 0, target.values().complete());
    }

    private static boolean namesTarget(String name, Target target) {
        String stem = stem(name);
        return !stem.isEmpty() && (stem.equals(stem(target.collection())) || stem.equals(stem(target.field())));
    }

    /** {@code account_ids}, {@code accountId}, {@code accounts} all give {@code account}. */
    static String stem(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        for (String suffix : new String[] {"ids", "id"}) {
            if (s.endsWith(suffix) && s.length() > suffix.length()) {
                s = s.substring(0, s.length() - suffix.length());
                break;
            }
        }
        if (s.equals("id")) {
            return "";
        }
        return s.endsWith("s") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }
}
