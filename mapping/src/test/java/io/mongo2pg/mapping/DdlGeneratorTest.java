package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.ddl.SqlIdentifier;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlGeneratorTest {
    private static final String NESTED = """
            collections:
              orders:
                columns: {total: {type: numeric}}
                children:
                  lines:
                    key: sku
                    columns: {sku: {type: text}, qty: {type: integer}}
                    subdocuments:
                      shipping: {columns: {carrier: {type: text}}}
                    children:
                      discounts:
                        columns: {code: {type: text}}
                        links:
                          approvers: {references: users._id}
              users:
                id: {type: bigint}
                columns:
                  manager: {references: users._id}
                  email: {type: text, unique: true}
            """;

    private final RelationalModel analytics = RelationalModel.of(SharedData.exampleMapping("sample_analytics"));
    private final List<String> ddl = new DdlGenerator("public").createStatements(analytics);
    private final RelationalModel nested = RelationalModel.of(SharedData.mapping(NESTED));
    private final List<String> nestedDdl = new DdlGenerator("app").createStatements(nested);

    @Test
    void shouldCreateRootTableWithTypedQuotedColumnsAndCatchAll() {
        assertThat(ddl).contains("""
                CREATE TABLE IF NOT EXISTS "public"."accounts" (
                  "_id" text NOT NULL,
                  "account_id" integer,
                  "limit" integer,
                  "products" text[],
                  "_extra" jsonb,
                  CONSTRAINT "accounts_pkey" PRIMARY KEY ("_id")
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
                  CONSTRAINT "transaction_items_pkey" PRIMARY KEY ("_root_id", "_ord"),
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
                  CONSTRAINT "customer_accounts_pkey" PRIMARY KEY ("_root_id", "_ord"),
                  CONSTRAINT "customer_accounts__root_id_fkey" FOREIGN KEY ("_root_id") REFERENCES "public"."customers" ("_id") ON DELETE CASCADE
                )""");
        assertThat(ddl).contains("CREATE INDEX IF NOT EXISTS \"customer_accounts_account_id_idx\" ON "
                + "\"public\".\"customer_accounts\" (\"account_id\")");
    }

    @Test
    void shouldKeyNaturallyKeyedChildByItsKeyAndKeepItsOrdinalPathUnique() {
        assertThat(nestedDdl).contains("""
                CREATE TABLE IF NOT EXISTS "app"."orders_lines" (
                  "_root_id" text NOT NULL,
                  "_ord" integer NOT NULL,
                  "sku" text NOT NULL,
                  "qty" integer,
                  "_extra" jsonb,
                  CONSTRAINT "orders_lines_pkey" PRIMARY KEY ("_root_id", "sku"),
                  CONSTRAINT "orders_lines__root_id__ord_key" UNIQUE ("_root_id", "_ord"),
                  CONSTRAINT "orders_lines__root_id_fkey" FOREIGN KEY ("_root_id") REFERENCES "app"."orders" ("_id") ON DELETE CASCADE
                )""");
    }

    @Test
    void shouldKeyOneToOneTableLikeItsParentRow() {
        assertThat(nestedDdl).contains("""
                CREATE TABLE IF NOT EXISTS "app"."orders_lines_shipping" (
                  "_root_id" text NOT NULL,
                  "_ord" integer NOT NULL,
                  "carrier" text,
                  "_extra" jsonb,
                  CONSTRAINT "orders_lines_shipping_pkey" PRIMARY KEY ("_root_id", "_ord"),
                  CONSTRAINT "orders_lines_shipping__root_id__ord_fkey" FOREIGN KEY ("_root_id", "_ord") REFERENCES "app"."orders_lines" ("_root_id", "_ord") ON DELETE CASCADE
                )""");
    }

    @Test
    void shouldKeyGrandchildrenByOrdinalPathWithCascadeThroughTheirParent() {
        assertThat(nestedDdl).contains("""
                CREATE TABLE IF NOT EXISTS "app"."orders_lines_discounts" (
                  "_root_id" text NOT NULL,
                  "_ord_1" integer NOT NULL,
                  "_ord" integer NOT NULL,
                  "code" text,
                  "_extra" jsonb,
                  CONSTRAINT "orders_lines_discounts_pkey" PRIMARY KEY ("_root_id", "_ord_1", "_ord"),
                  CONSTRAINT "orders_lines_discounts__root_id__ord_1_fkey" FOREIGN KEY ("_root_id", "_ord_1") REFERENCES "app"."orders_lines" ("_root_id", "_ord") ON DELETE CASCADE
                )""", """
                CREATE TABLE IF NOT EXISTS "app"."orders_lines_discounts_approvers" (
                  "_root_id" text NOT NULL,
                  "_ord_1" integer NOT NULL,
                  "_ord_2" integer NOT NULL,
                  "_ord" integer NOT NULL,
                  "users_id" bigint,
                  CONSTRAINT "orders_lines_discounts_approvers_pkey" PRIMARY KEY ("_root_id", "_ord_1", "_ord_2", "_ord"),
                  CONSTRAINT "orders_lines_discounts_approvers__root_id__ord_1__ord_2_fkey" FOREIGN KEY ("_root_id", "_ord_1", "_ord_2") REFERENCES "app"."orders_lines_discounts" ("_root_id", "_ord_1", "_ord") ON DELETE CASCADE
                )""");
    }

    @Test
    void shouldListDependentTablesParentsFirstForTheSinkInsertOrder() {
        assertThat(nested.forCollection("orders").dependents()).extracting(TableDef::name).containsExactly(
                "orders_lines", "orders_lines_shipping", "orders_lines_discounts", "orders_lines_discounts_approvers");
        assertThat(nested.forCollection("orders").dependents())
                .allSatisfy(t -> assertThat(t.columnNames()).startsWith(RelationalModel.ROOT_ID));
    }

    @Test
    void shouldIndexReferenceColumnsButNotUniqueOnes() {
        assertThat(nestedDdl).contains("""
                CREATE TABLE IF NOT EXISTS "app"."users" (
                  "_id" bigint NOT NULL,
                  "manager" bigint,
                  "email" text,
                  "_extra" jsonb,
                  CONSTRAINT "users_pkey" PRIMARY KEY ("_id"),
                  CONSTRAINT "users_email_key" UNIQUE ("email")
                )""");
        assertThat(nestedDdl).endsWith(
                "CREATE INDEX IF NOT EXISTS \"orders_lines_discounts_approvers_users_id_idx\" ON "
                        + "\"app\".\"orders_lines_discounts_approvers\" (\"users_id\")",
                "CREATE INDEX IF NOT EXISTS \"users_manager_idx\" ON \"app\".\"users\" (\"manager\")");
    }

    @Test
    void shouldKeepCrossCollectionForeignKeysForCutoverOnlyWithTheUniqueKeyTheyNeed() {
        assertThat(String.join("\n", ddl)).doesNotContain("REFERENCES \"public\".\"accounts\"");
        assertThat(new DdlGenerator("public").cutoverStatements(analytics)).containsExactly(
                "CREATE UNIQUE INDEX IF NOT EXISTS \"accounts_account_id_key\" ON \"public\".\"accounts\" (\"account_id\")",
                "ALTER TABLE \"public\".\"customer_accounts\" DROP CONSTRAINT IF EXISTS \"customer_accounts_account_id_fkey\"",
                "ALTER TABLE \"public\".\"customer_accounts\" ADD CONSTRAINT \"customer_accounts_account_id_fkey\" "
                        + "FOREIGN KEY (\"account_id\") REFERENCES \"public\".\"accounts\" (\"account_id\") NOT VALID",
                "ALTER TABLE \"public\".\"customer_accounts\" VALIDATE CONSTRAINT \"customer_accounts_account_id_fkey\"");
    }

    @Test
    void shouldShortenLongGeneratedNamesWithoutMakingThemEqual() {
        String table = "t".repeat(60);
        String a = SqlIdentifier.derived(table, "customer_account_number_fkey");
        String b = SqlIdentifier.derived(table, "customer_account_name_fkey");

        assertThat(a.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(b.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(a).isNotEqualTo(b).endsWith("_customer_account_number_fkey");
        assertThat(SqlIdentifier.derived("ü".repeat(40), "pkey").getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(63);
        assertThat(SqlIdentifier.derived("orders", "pkey")).isEqualTo("orders_pkey");
    }
}
