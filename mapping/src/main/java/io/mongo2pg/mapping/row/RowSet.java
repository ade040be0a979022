package io.mongo2pg.mapping.row;

import java.util.List;
import java.util.Objects;
import org.bson.BsonValue;

/**
 * The contract between transformer and sink: one document change. For {@link Operation#UPSERT} it carries
 * the complete rows of the document (root, children, links); for {@link Operation#DELETE} none.
 *
 * @param id the root document's {@code _id}, with its BSON type
 */
public record RowSet(String collection, Operation op, BsonValue id, SourcePosition source, List<Row> rows) {
    public RowSet {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(id, "id");
        rows = List.copyOf(rows);
    }

    public static RowSet delete(String collection, BsonValue id, SourcePosition source) {
        return new RowSet(collection, Operation.DELETE, id, source, List.of());
    }
}
