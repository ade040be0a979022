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

    @Test
    void shouldUpsertRootOverwritingEveryColumnButTheKey() {
        TableDef accounts = MODEL.forCollection("accounts").root();

        assertThat(statements.upsertRoot(accounts)).isEqualTo("INSERT INTO \"app\".\"accounts\" (\"_id\", \"account_id\","
                + " \"limit\", \"products\", \"_extra\") VALUES (?, ?, ?, ?, ?) ON CONFLICT (\"_id\") DO UPDATE SET"
                + " \"account_id\" = EXCLUDED.\"account_id\", \"limit\" = EXCLUDED.\"limit\","
                + " \"products\" = EXCLUDED.\"products\", \"_extra\" = EXCLUDED.\"_extra\"");
    }

    @Test
    void shouldDoNothingOnConflictWhenRootHasOnlyItsKey() {
        TableDef keyOnly = new TableDef("ids", TableKind.ROOT, List.of(ColumnDef.key("_id", ColumnType.TEXT)),
                List.of("_id"), Optional.empty());

        assertThat(statements.upsertRoot(keyOnly))
                .isEqualTo("INSERT INTO \"app\".\"ids\" (\"_id\") VALUES (?) ON CONFLICT (\"_id\") DO NOTHING");
    }

    @Test
    void shouldDeleteRootById() {
        assertThat(statements.deleteRoot(MODEL.forCollection("customers").root()))
                .isEqualTo("DELETE FROM \"app\".\"customers\" WHERE \"_id\" = ?");
    }

    @Test
    void shouldDeleteAndInsertDependentRowsByRootId() {
        TableDef links = MODEL.forCollection("customers").dependents().get(0);
        TableDef items = MODEL.forCollection("transactions").dependents().get(0);

        assertThat(statements.deleteDependents(links))
                .isEqualTo("DELETE FROM \"app\".\"customer_accounts\" WHERE \"_root_id\" = ?");
        assertThat(statements.insertDependent(links)).isEqualTo(
                "INSERT INTO \"app\".\"customer_accounts\" (\"_root_id\", \"_ord\", \"account_id\") VALUES (?, ?, ?)");
        assertThat(statements.insertDependent(items)).isEqualTo("INSERT INTO \"app\".\"transaction_items\" (\"_root_id\","
                + " \"_ord\", \"date\", \"amount\", \"transaction_code\", \"symbol\", \"price\", \"total\", \"_extra\")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Test
    void shouldQuoteIdentifiersThatNeedIt() {
        TableDef odd = new TableDef("Order \"x\"", TableKind.ROOT, List.of(ColumnDef.key("_id", ColumnType.TEXT),
                ColumnDef.nullable("select", ColumnType.TEXT)), List.of("_id"), Optional.empty());

        assertThat(new DmlStatements("My Schema").upsertRoot(odd)).isEqualTo("INSERT INTO \"My Schema\".\"Order \"\"x\"\"\""
                + " (\"_id\", \"select\") VALUES (?, ?) ON CONFLICT (\"_id\") DO UPDATE SET \"select\" = EXCLUDED.\"select\"");
    }

    @Test
    void shouldRefuseStatementForTheWrongKindOfTable() {
        TableDef root = MODEL.forCollection("customers").root();
        TableDef links = MODEL.forCollection("customers").dependents().get(0);

        assertThatThrownBy(() -> statements.upsertRoot(links)).hasMessageContaining("customer_accounts");
        assertThatThrownBy(() -> statements.insertDependent(root)).hasMessageContaining("root table");
    }
}
