package io.mongo2pg.transformer.state;

import io.mongo2pg.transformer.event.UpdateDescription;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * Applies a change stream's {@code updateDescription} to the document it was taken from, giving the document after
 * the update, as MongoDB would. Pure: the given document is not modified.
 *
 * <p>Order: truncations first, then removals, then updated fields, since MongoDB's array diffs resize before they
 * set elements (a {@code $pull} of {@code [1, 2, 3]} reports size 2 and {@code items.1 = 3}). A path step into an
 * array is an index; a missing document on the way is created ({@code $set} does); setting past an array's end pads
 * it with nulls and removing an array element sets it to null (both as {@code $set} and {@code $unset} do).
 */
public final class UpdateApplier {
    private UpdateApplier() {
    }

    /**
     * @throws UpdateConflictException when a path does not fit the document (a step into a string, a truncation
     *     of something that is not an array): the document the store holds is not the one MongoDB updated
     */
    public static BsonDocument apply(BsonDocument document, UpdateDescription update) {
        BsonDocument result = document.clone();
        for (UpdateDescription.TruncatedArray truncated : update.truncatedArrays()) {
            truncate(result, truncated);
        }
        for (String removed : update.removedFields()) {
            Path path = Path.of(removed);
            path.requireUnambiguousIn(result);
            BsonValue parent = path.parentIn(result, false);
            if (parent != null) {
                path.removeFrom(parent);
            }
        }
        for (Map.Entry<String, BsonValue> updated : update.updatedFields().entrySet()) {
            Path path = Path.of(updated.getKey());
            path.requireUnambiguousIn(result);
            path.setIn(path.parentIn(result, true), updated.getValue());
        }
        return result;
    }

    private static void truncate(BsonDocument document, UpdateDescription.TruncatedArray truncated) {
        Path path = Path.of(truncated.field());
        path.requireUnambiguousIn(document);
        BsonValue parent = path.parentIn(document, false);
        BsonValue array = parent == null ? null : path.getFrom(parent);
        if (array == null || !array.isArray()) {
            throw new UpdateConflictException(truncated.field(), "truncatedArrays names it, but the document holds "
                    + describe(array) + " there, not an array");
        }
        BsonArray elements = array.asArray();
        while (elements.size() > truncated.size()) {
            elements.remove(elements.size() - 1);
        }
    }

    static String describe(BsonValue value) {
        return value == null ? "nothing" : "a " + value.getBsonType().name().toLowerCase();
    }

    /** A dotted path, split into its steps. */
    private record Path(String text, String[] steps) {
        static Path of(String text) {
            if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
                throw new UpdateConflictException(text, "not a field path");
            }
            return new Path(text, text.split("\\."));
        }

        /**
         * The container of the path's last step; null when a step is missing and {@code create} is false. With
         * {@code create}, missing documents on the way are made, as {@code $set} makes them.
         */
        BsonValue parentIn(BsonDocument root, boolean create) {
            BsonValue container = root;
            for (int i = 0; i < steps.length - 1; i++) {
                BsonValue next = child(container, i);
                if (next == null || next.isNull()) {
                    if (!create) {
                        return null;
                    }
                    next = new BsonDocument();
                    put(container, i, next);
                } else if (!next.isDocument() && !next.isArray()) {
                    throw new UpdateConflictException(text, "'" + prefix(i) + "' holds " + describe(next)
                            + ", which has no fields");
                }
                container = next;
            }
            return container;
        }

        /**
         * Refuses the path when a document on its way has a field whose name holds a dot and spells out this step
         * and the next ones ({@code "a.b"} for the steps {@code a}, {@code b}): the path could mean either.
         */
        void requireUnambiguousIn(BsonDocument root) {
            BsonValue container = root;
            int offset = 0;
            for (int i = 0; i < steps.length && container != null; i++) {
                if (container.isDocument() && i < steps.length - 1) {
                    requireNoDottedName(container.asDocument(), offset);
                }
                container = container.isDocument() || container.isArray() ? childOrNull(container, i) : null;
                offset += steps[i].length() + 1;
            }
        }

        private void requireNoDottedName(BsonDocument document, int offset) {
            for (String name : document.keySet()) {
                int end = offset + name.length();
                if (name.indexOf('.') >= 0 && text.startsWith(name, offset)
                        && (end == text.length() || text.charAt(end) == '.')) {
                    throw new AmbiguousPathException(text, name);
                }
            }
        }

        /** The step's child, or null where the path leaves the document (no such field or index). */
        private BsonValue childOrNull(BsonValue container, int step) {
            if (container.isArray() && !steps[step].chars().allMatch(Character::isDigit)) {
                return null;
            }
            return steps[step].length() > 9 && container.isArray() ? null : child(container, step);
        }

        BsonValue getFrom(BsonValue container) {
            return child(container, steps.length - 1);
        }

        void setIn(BsonValue container, BsonValue value) {
            put(container, steps.length - 1, value);
        }

        void removeFrom(BsonValue container) {
            int last = steps.length - 1;
            if (container.isDocument()) {
                container.asDocument().remove(steps[last]);
            } else if (index(last) < container.asArray().size()) {
                container.asArray().set(index(last), BsonNull.VALUE);
            }
        }

        private BsonValue child(BsonValue container, int step) {
            if (container.isDocument()) {
                return container.asDocument().get(steps[step]);
            }
            int index = index(step);
            BsonArray array = container.asArray();
            return index < array.size() ? array.get(index) : null;
        }

        private void put(BsonValue container, int step, BsonValue value) {
            if (container.isDocument()) {
                container.asDocument().put(steps[step], value);
                return;
            }
            int index = index(step);
            BsonArray array = container.asArray();
            while (array.size() < index) {
                array.add(BsonNull.VALUE);
            }
            if (index == array.size()) {
                array.add(value);
            } else {
                array.set(index, value);
            }
        }

        private int index(int step) {
            String s = steps[step];
            if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
                throw new UpdateConflictException(text, "'" + prefix(step - 1) + "' is an array, but the path "
                        + "continues with '" + s + "', which is not an array index");
            }
            return Integer.parseInt(s);
        }

        private String prefix(int lastStep) {
            return String.join(".", java.util.Arrays.copyOfRange(steps, 0, lastStep + 1));
        }
    }
}
