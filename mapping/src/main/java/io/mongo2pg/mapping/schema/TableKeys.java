package io.mongo2pg.mapping.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The key columns of dependent tables. A row of a table nested {@code depth} arrays deep is identified by the
 * root's {@code _id} and one position per array on the way: {@code _ord_1} (position in the outermost array)
 * ... {@code _ord_<depth-1>}, then {@code _ord} (its own position). A 1:1 table has the key of its parent row.
 */
public final class TableKeys {
    private TableKeys() {
    }

    /** The ordinal column names at {@code depth} arrays deep: none at 0, {@code [_ord]} at 1, {@code [_ord_1, _ord]} at 2. */
    public static List<String> ordinalColumns(int depth) {
        List<String> names = new ArrayList<>(depth);
        for (int level = 1; level < depth; level++) {
            names.add(RelationalModel.ORDINAL + "_" + level);
        }
        if (depth > 0) {
            names.add(RelationalModel.ORDINAL);
        }
        return names;
    }

    /** {@code _root_id} followed by the ordinal columns: the full key of a dependent row at {@code depth}. */
    public static List<String> dependentKey(int depth) {
        List<String> key = new ArrayList<>();
        key.add(RelationalModel.ROOT_ID);
        key.addAll(ordinalColumns(depth));
        return key;
    }

    /** The key of the parent row a row at {@code depth} belongs to, in the parent's own column names. */
    public static List<String> parentRowKey(int parentDepth, boolean parentIsRoot) {
        return parentIsRoot ? List.of(RelationalModel.ID) : dependentKey(parentDepth);
    }

    /**
     * This table's columns that reference its parent row: {@code _root_id} and the first {@code parentDepth}
     * ordinal columns (named as this table names them).
     */
    public static List<String> parentColumns(int depth, int parentDepth) {
        return dependentKey(depth).subList(0, parentDepth + 1);
    }
}
