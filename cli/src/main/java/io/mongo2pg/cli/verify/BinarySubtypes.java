package io.mongo2pg.cli.verify;

import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnMapping;
import io.mongo2pg.mapping.model.Fields;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.SubdocumentMapping;
import java.util.HashMap;
import java.util.Map;

/**
 * The BSON binary subtype of every bytea column, by table and column: PostgreSQL bytea keeps none, so reading a
 * value back needs the one the mapping declares (a link column takes its referenced field's).
 */
final class BinarySubtypes {
    private final Map<String, Byte> byColumn = new HashMap<>();
    private final Mapping mapping;

    BinarySubtypes(Mapping mapping) {
        this.mapping = mapping;
        mapping.collections().forEach(c -> walk(c.table(), c.fields()));
    }

    byte of(String table, String column) {
        return byColumn.getOrDefault(table + "\0" + column, (byte) 0);
    }

    private void walk(String table, Fields fields) {
        fields.columns().forEach(c -> put(table, c));
        for (SubdocumentMapping sub : fields.subdocuments()) {
            walk(sub.table(), sub.fields());
        }
        for (ChildMapping child : fields.children()) {
            child.value().ifPresent(v -> put(child.table(), v));
            walk(child.table(), child.fields());
        }
        for (LinkMapping link : fields.links()) {
            mapping.collection(link.referencedCollection()).flatMap(c -> c.columnForField(link.referencedField()))
                    .ifPresent(target -> byColumn.put(link.table() + "\0" + link.column(), target.binarySubtype()));
        }
    }

    private void put(String table, ColumnMapping column) {
        byColumn.put(table + "\0" + column.column(), column.binarySubtype());
    }

    static CollectionMapping collection(Mapping mapping, String name) {
        return mapping.collection(name).orElseThrow(() -> new IllegalArgumentException("Collection '" + name
                + "' is not in the mapping; use one of " + mapping.collectionNames()));
    }
}
