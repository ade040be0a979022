package io.mongo2pg.sink.jdbc;

import io.mongo2pg.mapping.schema.CollectionTables;
import io.mongo2pg.sink.sql.DmlStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The backfill path: plain COPY of every row straight into the tables, in the caller's transaction. Only correct
 * for upserts of documents the tables do not hold (see {@link Backfill}), which is what makes it the fastest: no
 * staging, no merge, no delete, and no primary key, foreign key or secondary index to maintain meanwhile.
 */
final class CopyApplier {
    private final DmlStatements statements;

    CopyApplier(DmlStatements statements) {
        this.statements = statements;
    }

    /** @return the rows written */
    long apply(Connection connection, List<EncodedRowSet> rowSets) throws SQLException {
        long rows = 0;
        for (Map.Entry<CollectionTables, List<EncodedRowSet>> group : MergeApplier.byCollection(rowSets).entrySet()) {
            rows += MergeApplier.copyAll(connection, statements, group.getKey(), group.getValue());
        }
        return rows;
    }
}
