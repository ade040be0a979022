CREATE UNIQUE INDEX IF NOT EXISTS "accounts_account_id_key" ON "public"."accounts" ("account_id");

ALTER TABLE "public"."customers_accounts" DROP CONSTRAINT IF EXISTS "customers_accounts_account_id_fkey";

ALTER TABLE "public"."customers_accounts" ADD CONSTRAINT "customers_accounts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "public"."accounts" ("account_id") NOT VALID;

ALTER TABLE "public"."customers_accounts" VALIDATE CONSTRAINT "customers_accounts_account_id_fkey";

