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

        assertThat(rows).startsWith("m2p_rows_").hasSizeLessThan(64);
        assertThat(new DmlStatements("other").rootStaging(accounts)).isNotEqualTo(rows);
        assertThat(statements.createRootStaging(accounts))
                .isEqualTo("CREATE TEMP TABLE IF NOT EXISTS \"" + rows + "\" (LIKE \"app\".\"accounts\")");
        assertThat(statements.truncateStaging(accounts)).isEqualTo("TRUNCATE \"pg_temp\".\"" + rows + "\"");
        assertThat(statements.copyIntoRootStaging(accounts)).isEqualTo("COPY \"pg_temp\".\"" + rows
                + "\" (\"_id\", \"account_id\", \"limit\", \"products\", \"_extra\") FROM STDIN (FORMAT binary)");
    }

    @Test
    void shouldFindAndDeleteDocumentsByAnArrayOfIdsCastToTheIdType() {
        TableDef customers = MODEL.forCollection("customers").root();
        TableDef links = MODEL.forCollection("customers").dependents().get(0);
        TableDef numbered = new TableDef("numbered", TableKind.ROOT, List.of(ColumnDef.key("_id", ColumnType.BIGINT)),
                List.of("_id"), Optional.empty());

        assertThat(statements.deleteRoots(customers))
                .isEqualTo("DELETE FROM \"app\".\"customers\" AS t WHERE t.\"_id\" = ANY(CAST(? AS text[]))");
        assertThat(statements.deleteDependents(links, customers)).isEqualTo("DELETE FROM"
                + " \"app\".\"customer_accounts\" AS t WHERE t.\"_root_id\" = ANY(CAST(? AS text[]))");
        assertThat(statements.deleteRoots(numbered)).endsWith("= ANY(CAST(CAST(? AS text[]) AS bigint[]))");
        assertThat(statements.selectExisting(numbered)).isEqualTo("SELECT u.i FROM unnest(CAST(? AS text[])) WITH"
                + " ORDINALITY AS u(id, i) WHERE EXISTS (SELECT 1 FROM \"app\".\"numbered\" AS t WHERE t.\"_id\" ="
                + " CAST(u.id AS bigint))");
    }

    @Test
    void shouldCopyStraightIntoATableInItsColumnOrder() {
        TableDef items = MODEL.forCollection("transactions").dependents().get(0);

        assertThat(statements.copyInto(items)).isEqualTo("COPY \"app\".\"transaction_items\" (\"_root_id\", \"_ord\","
                + " \"date\", \"amount\", \"transaction_code\", \"symbol\", \"price\", \"total\", \"_extra\") FROM STDIN (FORMAT binary)");
    }

    @Test
    void shouldQuoteIdentifiersThatNeedIt() {
        TableDef odd = new TableDef("Order \"x\"", TableKind.ROOT, List.of(ColumnDef.key("_id", ColumnType.TEXT),
                ColumnDef.nullable("select", ColumnType.TEXT)), List.of("_id"), Optional.empty());

        assertThat(new DmlStatements("My Schema").copyInto(odd))
                .isEqualTo("COPY \"My Schema\".\"Order \"\"x\"\"\" (\"_id\", \"select\") FROM STDIN (FORMAT binary)");
        assertThat(new DmlStatements("My Schema").mergeRoot(odd)).startsWith("INSERT INTO \"My Schema\".\"Order \"\"x\"\"\"")
                .endsWith("DO UPDATE SET \"select\" = EXCLUDED.\"select\"");
    }

    @Test
    void shouldRefuseStatementForTheWrongKindOfTable() {
        TableDef root = MODEL.forCollection("customers").root();
        TableDef links = MODEL.forCollection("customers").dependents().get(0);

        assertThatThrownBy(() -> statements.mergeRoot(links)).hasMessageContaining("customer_accounts");
        assertThatThrownBy(() -> statements.deleteDependents(root, root)).hasMessageContaining("root table");
    }
}
