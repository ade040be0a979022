package io.mongo2pg.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.model.ColumnType;
import io.mongo2pg.mapping.schema.ColumnDef;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.schema.TableKind;
import io.mongo2pg.sink.SinkTestSupport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DmlStatementsTest {
    private static final RelationalModel MODEL = RelationalModel.of(SinkTestSupport.sampleAnalyticsMapping());
    private final DmlStatements statements = new DmlStatements("app");
    private final TableDef accounts = MODEL.forCollection("accounts").root();

    @Test
    void shouldMergeStagedRootsOverwritingEveryColumnButTheKey() {
        String staging = "\"pg_temp\".\"" + statements.rootStaging(accounts) + "\"";

        assertThat(statements.mergeRoot(accounts)).isEqualTo("INSERT INTO \"app\".\"accounts\" (\"_id\", \"account_id\","
                + " \"limit\", \"products\", \"_extra\") SELECT \"_id\", \"account_id\", \"limit\", \"products\", \"_extra\""
                + " FROM " + staging + " ON CONFLICT (\"_id\") DO UPDATE SET"
                + " \"account_id\" = EXCLUDED.\"account_id\", \"limit\" = EXCLUDED.\"limit\","
                + " \"products\" = EXCLUDED.\"products\", \"_extra\" = EXCLUDED.\"_extra\"");
    }

    @Test
    void shouldDoNothingOnConflictWhenRootHasOnlyItsKey() {
        TableDef keyOnly = new TableDef("ids", TableKind.ROOT, List.of(ColumnDef.key("_id", ColumnType.TEXT)),
                List.of("_id"), Optional.empty());

        assertThat(statements.mergeRoot(keyOnly)).endsWith(" ON CONFLICT (\"_id\") DO NOTHING");
    }

    @Test
    void shouldStageInTemporaryTablesShapedLikeTheTarget() {
        String rows = statements.rootStaging(accounts);
        String deleted = statements.deletedStaging(accounts);

        assertThat(rows).startsWith("m2p_rows_").hasSizeLessThan(64);
        assertThat(new DmlStatements("other").rootStaging(accounts)).isNotEqualTo(rows);
        assertThat(statements.createRootStaging(accounts))
                .isEqualTo("CREATE TEMP TABLE IF NOT EXISTS \"" + rows + "\" (LIKE \"app\".\"accounts\")");
        assertThat(statements.createDeletedStaging(accounts)).isEqualTo("CREATE TEMP TABLE IF NOT EXISTS \"" + deleted
                + "\" AS SELECT \"_id\" FROM \"app\".\"accounts\" WITH NO DATA");
        assertThat(statements.truncateStaging(accounts))
                .isEqualTo("TRUNCATE \"pg_temp\".\"" + rows + "\", \"pg_temp\".\"" + deleted + "\"");
        assertThat(statements.copyIntoRootStaging(accounts)).isEqualTo("COPY \"pg_temp\".\"" + rows
                + "\" (\"_id\", \"account_id\", \"limit\", \"products\", \"_extra\") FROM STDIN");
    }

    @Test
    void shouldDeleteRootsAndDependentsOfStagedIds() {
        TableDef customers = MODEL.forCollection("customers").root();
        TableDef links = MODEL.forCollection("customers").dependents().get(0);
        String rows = "\"pg_temp\".\"" + statements.rootStaging(customers) + "\"";
        String deleted = "\"pg_temp\".\"" + statements.deletedStaging(customers) + "\"";

        assertThat(statements.deleteRoots(customers)).isEqualTo("DELETE FROM \"app\".\"customers\" AS t USING "
                + deleted + " AS s WHERE t.\"_id\" = s.\"_id\"");
        assertThat(statements.deleteDependentsOfStaged(links, customers)).isEqualTo("DELETE FROM"
                + " \"app\".\"customer_accounts\" AS t USING " + rows + " AS s WHERE t.\"_root_id\" = s.\"_id\"");
        assertThat(statements.deleteDependentsOfDeleted(links, customers)).isEqualTo("DELETE FROM"
                + " \"app\".\"customer_accounts\" AS t USING " + deleted + " AS s WHERE t.\"_root_id\" = s.\"_id\"");
    }

    @Test
    void shouldCopyStraightIntoATableInItsColumnOrder() {
        TableDef items = MODEL.forCollection("transactions").dependents().get(0);

        assertThat(statements.copyInto(items)).isEqualTo("COPY \"app\".\"transaction_items\" (\"_root_id\", \"_ord\","
                + " \"date\", \"amount\", \"transaction_code\", \"symbol\", \"price\", \"total\", \"_extra\") FROM STDIN");
    }

    @Test
    void shouldQuoteIdentifiersThatNeedIt() {
        TableDef odd = new TableDef("Order \"x\"", TableKind.ROOT, List.of(ColumnDef.key("_id", ColumnType.TEXT),
                ColumnDef.nullable("select", ColumnType.TEXT)), List.of("_id"), Optional.empty());

        assertThat(new DmlStatements("My Schema").copyInto(odd))
                .isEqualTo("COPY \"My Schema\".\"Order \"\"x\"\"\" (\"_id\", \"select\") FROM STDIN");
        assertThat(new DmlStatements("My Schema").mergeRoot(odd)).startsWith("INSERT INTO \"My Schema\".\"Order \"\"x\"\"\"")
                .endsWith("DO UPDATE SET \"select\" = EXCLUDED.\"select\"");
    }

    @Test
    void shouldRefuseStatementForTheWrongKindOfTable() {
        TableDef root = MODEL.forCollection("customers").root();
        TableDef links = MODEL.forCollection("customers").dependents().get(0);

        assertThatThrownBy(() -> statements.mergeRoot(links)).hasMessageContaining("customer_accounts");
        assertThatThrownBy(() -> statements.deleteDependentsOfStaged(root, root)).hasMessageContaining("root table");
    }
}
