package io.mongo2pg.cli.verify;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.schema.CrossReference;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Finds reference values (reference columns, link tables) that the referenced table does not hold: exactly what
 * would stop the cutover foreign keys from validating. One NOT EXISTS anti-join per reference, using the indexes the
 * DDL creates on both sides; nothing is locked.
 */
final class DanglingReferenceFinder {
    private final Connection connection;
    private final String schema;
    private final RelationalModel model;

    DanglingReferenceFinder(Connection connection, String schema, RelationalModel model) {
        this.connection = connection;
        this.schema = schema;
        this.model = model;
    }

    /** The references of {@code tables}' collections; counts every dangling value, lists up to {@code limit}. */
    ReferenceCheck check(CrossReference ref, int limit, List<DanglingReference> out) throws SQLException {
        String owner = model.table(ref.table()).orElseThrow().kind() == TableKind.ROOT ? RelationalModel.ID
                : RelationalModel.ROOT_ID;
        String from = " FROM " + qualified(schema, ref.table()) + " t WHERE t." + quote(ref.column())
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + qualified(schema, ref.referencedTable()) + " r WHERE r."
                + quote(ref.referencedColumn()) + " = t." + quote(ref.column()) + ")";
        long count;
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*)" + from);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        if (count > 0 && limit > 0) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT t." + quote(owner) + "::text, t."
                    + quote(ref.column()) + "::text" + from + " ORDER BY 1, 2 LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DanglingReference(ref.table(), ref.column(), ref.referencedTable(),
                                ref.referencedColumn(), rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return new ReferenceCheck(ref, count);
    }

    /** How many values of one reference dangle. */
    public record ReferenceCheck(CrossReference reference, long dangling) {
    }
}
