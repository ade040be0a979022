package io.mongo2pg.mapping.model;

import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed mapping as a whole: PostgreSQL's identifier limit and name collisions between tables
 * and between the columns of one table. Reports every problem, each with the fix.
 */
public final class MappingValidator {
    /** PostgreSQL truncates identifiers longer than this many bytes, which would silently merge names. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    private MappingValidator() {
    }

    public static List<String> validate(Mapping mapping) {
        List<String> problems = new ArrayList<>();
        checkIdentifier("extraColumn", mapping.extraColumn(), problems);
        Map<String, String> tableOwners = new HashMap<>();
        for (TableDef table : RelationalModel.of(mapping).allTables()) {
            checkIdentifier("table '" + table.name() + "'", table.name(), problems);
            String previous = tableOwners.putIfAbsent(table.name(), table.kind().name());
            if (previous != null) {
                problems.add("table '" + table.name() + "' is used twice; give each collection, child and link "
                        + "its own 'table' name");
            }
            checkColumns(table, problems);
        }
        return problems;
    }

    private static void checkColumns(TableDef table, List<String> problems) {
        Map<String, Integer> seen = new HashMap<>();
        for (ColumnDef column : table.columns()) {
            checkIdentifier("column '" + column.name() + "' of table '" + table.name() + "'", column.name(), problems);
            if (seen.merge(column.name(), 1, Integer::sum) == 2) {
                problems.add("table '" + table.name() + "' has two columns named '" + column.name()
                        + "' (column names are reserved: _id, _root_id, _ord and the extra column); rename one "
                        + "with 'column: other_name'");
            }
        }
    }

    private static void checkIdentifier(String what, String name, List<String> problems) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            problems.add(what + " is longer than PostgreSQL's " + MAX_IDENTIFIER_BYTES
                    + "-byte identifier limit and would be truncated; choose a shorter name");
        }
        if (name.indexOf('\0') >= 0) {
            problems.add(what + " contains U+0000, which PostgreSQL identifiers cannot hold");
        }
    }
}
