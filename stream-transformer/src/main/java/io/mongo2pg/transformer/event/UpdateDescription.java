package io.mongo2pg.transformer.event;

import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;

/**
 * What a MongoDB update changed, as Debezium's {@code updateDescription} reports it from the change stream.
 * Paths are dotted and may step into nested documents and arrays ({@code items.2.qty}).
 *
 * @param updatedFields path to new value ({@code $set}, {@code $inc}, {@code $push} ... all report the resulting value)
 * @param removedFields paths {@code $unset} removed
 * @param truncatedArrays arrays that became shorter ({@code $pull}, {@code $pop}, pipeline updates), with their new size
 */
public record UpdateDescription(BsonDocument updatedFields, List<String> removedFields,
                                List<TruncatedArray> truncatedArrays) {
    public UpdateDescription {
        Objects.requireNonNull(updatedFields, "updatedFields");
        removedFields = List.copyOf(removedFields);
        truncatedArrays = List.copyOf(truncatedArrays);
    }

    /** An array at {@code field} (a dotted path) cut down to its first {@code size} elements. */
    public record TruncatedArray(String field, int size) {
        public TruncatedArray {
            Objects.requireNonNull(field, "field");
        }
    }
}
