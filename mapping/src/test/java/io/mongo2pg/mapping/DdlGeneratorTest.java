package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.schema.RelationalModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlGeneratorTest {
    private final RelationalModel model = RelationalModel.of(SharedData.exampleMapping("sample_analytics"));
    private final List<String> ddl = new DdlGenerator("public").createStatements(model);

    @Test
    void shouldCreateRootTableWithTypedQuotedColumnsAndCatchAll() {
        assertThat(ddl).contains("""
                CREATE TABLE IF NOT EXISTS "public"."accounts" (
                  "_id" text NOT NULL,
                  "account_id" integer,
                  "limit" integer,
                  "products" text[],
                  "_extra" jsonb,
                  PRIMARY KEY ("_id")
                )""");
    }

    @Test
    void shouldKeyChildTableByRootIdAndOrdinalWithCascadingForeignKey() {
        assertThat(ddl).contains("""
                CREATE TABLE IF NOT EXISTS "public"."transaction_items" (
                  "_root_id" text NOT NULL,
                  "_ord" integer NOT NULL,
                  "date" timestamptz,
                  "amount" integer,
                  "transaction_code" text,
                  "symbol" text,
                  "price" text,
                  "total" text,
                  "_extra" jsonb,
                  PRIMARY KEY ("_root_id", "_ord"),
                  CONSTRAINT "transaction_items__root_id_fkey" FOREIGN KEY ("_root_id") REFERENCES "public"."transactions" ("_id") ON DELETE CASCADE
                )""");
    }

    @Test
    void shouldCreateLinkTableWithIndexOnTheReferencedValue() {
        assertThat(ddl).contains("""
                CREATE TABLE IF NOT EXISTS "public"."customer_accounts" (
                  "_root_id" text NOT NULL,
                  "_ord" integer NOT NULL,
                  "account_id" integer,
                  PRIMARY KEY ("_root_id", "_ord"),
                  CONSTRAINT "customer_accounts__root_id_fkey" FOREIGN KEY ("_root_id") REFERENCES "public"."customers" ("_id") ON DELETE CASCADE
                )""");
        assertThat(ddl).contains("CREATE INDEX IF NOT EXISTS \"customer_accounts_account_id_idx\" ON "
                + "\"public\".\"customer_accounts\" (\"account_id\")");
    }

    @Test
    void shouldKeepCrossCollectionForeignKeysForCutoverOnly() {
        assertThat(String.join("\n", ddl)).doesNotContain("REFERENCES \"public\".\"accounts\"");
        assertThat(new DdlGenerator("public").cutoverStatements(model)).containsExactly(
                "ALTER TABLE \"public\".\"customer_accounts\" ADD CONSTRAINT \"customer_accounts_account_id_fkey\" "
                        + "FOREIGN KEY (\"account_id\") REFERENCES \"public\".\"accounts\" (\"account_id\") NOT VALID",
                "ALTER TABLE \"public\".\"customer_accounts\" VALIDATE CONSTRAINT \"customer_accounts_account_id_fkey\"");
    }
}
