package io.mongo2pg.mapping.normalize;

import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableKeys;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

/** Where a row sits in its document: the root's {@code _id} and the positions in every array on the way. */
record RowKey(BsonValue rootId, List<Integer> ordinals) {
    RowKey {
        ordinals = List.copyOf(ordinals);
    }

    static RowKey root(BsonValue id) {
        return new RowKey(id, List.of());
    }

    RowKey element(int ordinal) {
        List<Integer> path = new ArrayList<>(ordinals);
        path.add(ordinal);
        return new RowKey(rootId, path);
    }

    /** The key columns of a dependent row at this position, as {@link TableKeys} names them. */
    BsonDocument columns() {
        BsonDocument key = new BsonDocument(RelationalModel.ROOT_ID, rootId);
        List<String> names = TableKeys.ordinalColumns(ordinals.size());
        for (int i = 0; i < names.size(); i++) {
            key.put(names.get(i), new BsonInt32(ordinals.get(i)));
        }
        return key;
    }

    /** Reads the position back from a dependent row at {@code depth} arrays deep. */
    static List<Integer> ordinalsOf(BsonDocument row, int depth) {
        List<Integer> path = new ArrayList<>(depth);
        TableKeys.ordinalColumns(depth).forEach(name -> path.add(row.getInt32(name).getValue()));
        return path;
    }
}
