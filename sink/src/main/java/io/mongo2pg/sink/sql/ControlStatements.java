package io.mongo2pg.sink.sql;

import static io.mongo2pg.mapping.ddl.SqlIdentifier.qualified;
import static io.mongo2pg.mapping.ddl.SqlIdentifier.quote;

import io.mongo2pg.mapping.ddl.SqlIdentifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sink's own tables in schema {@code mongo2pg}: consumed offsets (the source of truth for where to resume),
 * freshness per collection, and dead letters. All DDL is idempotent.
 *
 * <p>Offsets are kept per target schema: two sinks reading the same topics into different schemas (a blue/green copy)
 * each have their own position. Every offset statement takes the target schema as its first parameter.
 */
public final class ControlStatements {
    public static final String SCHEMA = "mongo2pg";
    public static final String OFFSETS = "offsets";
    public static final String PROGRESS = "progress";
    public static final String DEAD_LETTERS = "dead_letters";
    /** Collections being backfilled, and who loads them. */
    public static final String BACKFILL = "backfill";
    /** The keys, foreign keys and indexes a backfill dropped, to rebuild when it ends. */
    public static final String BACKFILL_OBJECTS = "backfill_objects";

    /** 'mongo2pg' in ASCII, as a 64-bit advisory lock key. */
    static final long SCHEMA_LOCK_KEY = 0x6d6f6e676f327067L;

    /** The column of the offsets (and backfill tables) that says which target schema a row is about. */
    public static final String TARGET_SCHEMA = "target_schema";
    private static final String TOPIC = "topic";
    private static final String PARTITION = "partition";
    private static final String NEXT_OFFSET = "next_offset";
    private static final String COLLECTION = "collection";
    private static final String SOURCE_TS_MS = "source_ts_ms";
    private static final String APPLIED_AT = "applied_at";

    private ControlStatements() {
    }

    public static List<String> createStatements() {
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS " + quote(SCHEMA),
                createTable(OFFSETS,
                        quote(TARGET_SCHEMA) + " text NOT NULL",
                        quote(TOPIC) + " text NOT NULL",
                        quote(PARTITION) + " integer NOT NULL",
                        quote(NEXT_OFFSET) + " bigint NOT NULL",
                        "PRIMARY KEY (" + columns(TARGET_SCHEMA, TOPIC, PARTITION) + ")"),
                createTable(PROGRESS,
                        quote(COLLECTION) + " text PRIMARY KEY",
                        quote(SOURCE_TS_MS) + " bigint NOT NULL",
                        quote(APPLIED_AT) + " timestamptz NOT NULL"),
                createTable(DEAD_LETTERS,
                        quote("id") + " bigserial PRIMARY KEY",
                        quote(TOPIC) + " text NOT NULL",
                        quote(PARTITION) + " integer NOT NULL",
                        quote("kafka_offset") + " bigint NOT NULL",
                        quote(COLLECTION) + " text",
                        quote("document_id") + " text",
                        quote("reason") + " text NOT NULL",
                        quote("sqlstate") + " text",
                        quote("payload") + " text",
                        quote("failed_at") + " timestamptz NOT NULL DEFAULT now()"),
                createTable(BACKFILL,
                        quote(TARGET_SCHEMA) + " text NOT NULL",
                        quote(COLLECTION) + " text NOT NULL",
                        quote("owner") + " text NOT NULL",
                        quote("started_at") + " timestamptz NOT NULL DEFAULT now()",
                        "PRIMARY KEY (" + columns(TARGET_SCHEMA, COLLECTION) + ")"),
                createTable(BACKFILL_OBJECTS,
                        quote(TARGET_SCHEMA) + " text NOT NULL",
                        quote(COLLECTION) + " text NOT NULL",
                        quote("seq") + " integer NOT NULL",
                        quote("kind") + " text NOT NULL",
                        quote("table_name") + " text NOT NULL",
                        quote("object_name") + " text NOT NULL",
                        quote("definition") + " text NOT NULL",
                        "PRIMARY KEY (" + columns(TARGET_SCHEMA, COLLECTION, "seq") + ")"));
    }

    /**
     * The columns of a table (parameters: schema, table): an offsets table of mongo2pg 0.1 lacks
     * {@value #TARGET_SCHEMA}, and is migrated by {@link #addOffsetsTargetSchema()}, {@link #claimOffsets()} and
     * {@link #keyOffsetsByTargetSchema(String)}, in that order, in one transaction.
     */
    public static String selectColumns() {
        return "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?";
    }

    /** The name of a table's primary key constraint (parameters: schema, table), whatever it was created as. */
    public static String selectPrimaryKeyName() {
        return "SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = ? "
                + "AND table_name = ? AND constraint_type = 'PRIMARY KEY'";
    }

    /** Migration, 1: the target schema column, empty at first. */
    public static String addOffsetsTargetSchema() {
        return "ALTER TABLE " + qualified(SCHEMA, OFFSETS) + " ADD COLUMN " + quote(TARGET_SCHEMA) + " text";
    }

    /**
     * Migration, 2: the old rows become the positions of the target schema given as parameter: that of the sink
     * that runs the migration, the only sink an offsets table keyed by (topic, partition) could serve.
     */
    public static String claimOffsets() {
        return "UPDATE " + qualified(SCHEMA, OFFSETS) + " SET " + quote(TARGET_SCHEMA) + " = ? WHERE "
                + quote(TARGET_SCHEMA) + " IS NULL";
    }

    /** Migration, 3: the new key, in place of {@code oldPrimaryKey} ({@link #selectPrimaryKeyName()}). */
    public static List<String> keyOffsetsByTargetSchema(String oldPrimaryKey) {
        String table = qualified(SCHEMA, OFFSETS);
        return List.of(
                "ALTER TABLE " + table + " ALTER COLUMN " + quote(TARGET_SCHEMA) + " SET NOT NULL",
                "ALTER TABLE " + table + " DROP CONSTRAINT " + quote(oldPrimaryKey),
                "ALTER TABLE " + table + " ADD PRIMARY KEY (" + columns(TARGET_SCHEMA, TOPIC, PARTITION) + ")");
    }

    /** Every stored offset of one target schema: topic, partition, next offset. */
    public static String selectOffsets() {
        return "SELECT " + columns(TOPIC, PARTITION, NEXT_OFFSET) + " FROM " + qualified(SCHEMA, OFFSETS) + " WHERE "
                + quote(TARGET_SCHEMA) + " = ?";
    }

    /** The stored next offset of one partition of one target schema. */
    public static String selectOffset() {
        return "SELECT " + quote(NEXT_OFFSET) + " FROM " + qualified(SCHEMA, OFFSETS) + " WHERE " + quote(TARGET_SCHEMA)
                + " = ? AND " + quote(TOPIC) + " = ? AND " + quote(PARTITION) + " = ?";
    }

    /**
     * The stored next offset of one partition, locking its row until commit, so that two consumers that both
     * believe they own a partition (during a rebalance) apply each record once.
     */
    public static String selectOffsetForUpdate() {
        return selectOffset() + " FOR UPDATE";
    }

    /**
     * Creates a partition's offset row at 0 unless it exists, so that {@link #selectOffsetForUpdate()} has a row to
     * lock even for a partition's first batch; a concurrent writer's insert of the same row waits for this
     * transaction. The row is only ever committed with the batch's real next offset.
     */
    public static String insertOffsetIfAbsent() {
        return "INSERT INTO " + qualified(SCHEMA, OFFSETS) + " (" + columns(TARGET_SCHEMA, TOPIC, PARTITION, NEXT_OFFSET)
                + ") VALUES (?, ?, ?, 0) ON CONFLICT (" + columns(TARGET_SCHEMA, TOPIC, PARTITION) + ") DO NOTHING";
    }

    public static String upsertOffset() {
        return "INSERT INTO " + qualified(SCHEMA, OFFSETS) + " (" + columns(TARGET_SCHEMA, TOPIC, PARTITION, NEXT_OFFSET)
                + ") VALUES (?, ?, ?, ?) ON CONFLICT (" + columns(TARGET_SCHEMA, TOPIC, PARTITION) + ") DO UPDATE SET "
                + quote(NEXT_OFFSET) + " = EXCLUDED." + quote(NEXT_OFFSET);
    }

    /** Freshness never goes back, even when partitions of one collection are applied by different consumers. */
    public static String upsertProgress() {
        return "INSERT INTO " + qualified(SCHEMA, PROGRESS) + " (" + columns(COLLECTION, SOURCE_TS_MS, APPLIED_AT)
                + ") VALUES (?, ?, now()) ON CONFLICT (" + quote(COLLECTION) + ") DO UPDATE SET " + quote(SOURCE_TS_MS)
                + " = GREATEST(" + qualified(SCHEMA, PROGRESS) + "." + quote(SOURCE_TS_MS) + ", EXCLUDED."
                + quote(SOURCE_TS_MS) + "), " + quote(APPLIED_AT) + " = EXCLUDED." + quote(APPLIED_AT);
    }

    public static String insertDeadLetter() {
        return "INSERT INTO " + qualified(SCHEMA, DEAD_LETTERS) + " (" + columns(TOPIC, PARTITION, "kafka_offset",
                COLLECTION, "document_id", "reason", "sqlstate", "payload") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * Serializes concurrent schema initialization (concurrent CREATE ... IF NOT EXISTS can still collide) and the
     * start of a backfill, against each other and against batches ({@link #lockSchemaShared()}).
     */
    public static String lockSchemaInitialization() {
        return "SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")";
    }

    /** Taken by every batch: a backfill cannot start (drop keys) between a batch's look at the state and its merge. */
    public static String lockSchemaShared() {
        return "SELECT pg_advisory_xact_lock_shared(" + SCHEMA_LOCK_KEY + ")";
    }

    private static String createTable(String table, String... lines) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(SCHEMA, table) + " (\n  " + String.join(",\n  ", lines) + "\n)";
    }

    private static String columns(String... names) {
        return Arrays.stream(names).map(SqlIdentifier::quote).collect(Collectors.joining(", "));
    }
}
