CREATE SCHEMA IF NOT EXISTS "public";

CREATE TABLE IF NOT EXISTS "public"."accounts" (
  "_id" text NOT NULL,
  "account_id" integer,
  "limit" integer,
  "products" text[],
  "_extra" jsonb,
  CONSTRAINT "accounts_pkey" PRIMARY KEY ("_id")
);

CREATE TABLE IF NOT EXISTS "public"."customers" (
  "_id" text NOT NULL,
  "username" text,
  "name" text,
  "address" text,
  "birthdate" timestamptz,
  "email" text,
  "tier_and_details" jsonb,
  "_extra" jsonb,
  CONSTRAINT "customers_pkey" PRIMARY KEY ("_id")
);

CREATE TABLE IF NOT EXISTS "public"."customers_accounts" (
  "_root_id" text NOT NULL,
  "_ord" integer NOT NULL,
  "account_id" integer,
  CONSTRAINT "customers_accounts_pkey" PRIMARY KEY ("_root_id", "_ord"),
  CONSTRAINT "customers_accounts__root_id_fkey" FOREIGN KEY ("_root_id") REFERENCES "public"."customers" ("_id") ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS "customers_accounts_account_id_idx" ON "public"."customers_accounts" ("account_id");

