package io.mongo2pg.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlStatementsTest {
    @Test
    void shouldCreateTheControlTables() {
        assertThat(ControlStatements.createStatements()).containsExactly(
                "CREATE SCHEMA IF NOT EXISTS \"mongo2pg\"",
                "CREATE TABLE IF NOT EXISTS \"mongo2pg\".\"offsets\" (\n"
                        + "  \"target_schema\" text NOT NULL,\n"
                        + "  \"topic\" text NOT NULL,\n"
                        + "  \"partition\" integer NOT NULL,\n"
                        + "  \"next_offset\" bigint NOT NULL,\n"
                        + "  PRIMARY KEY (\"target_schema\", \"topic\", \"partition\")\n"
                        + ")",
                "CREATE TABLE IF NOT EXISTS \"mongo2pg\".\"progress\" (\n"
                        + "  \"collection\" text PRIMARY KEY,\n"
                        + "  \"source_ts_ms\" bigint NOT NULL,\n"
                        + "  \"applied_at\" timestamptz NOT NULL\n"
                        + ")",
                "CREATE TABLE IF NOT EXISTS \"mongo2pg\".\"dead_letters\" (\n"
                        + "  \"id\" bigserial PRIMARY KEY,\n"
                        + "  \"topic\" text NOT NULL,\n"
                        + "  \"partition\" integer NOT NULL,\n"
                        + "  \"kafka_offset\" bigint NOT NULL,\n"
                        + "  \"collection\" text,\n"
                        + "  \"document_id\" text,\n"
                        + "  \"reason\" text NOT NULL,\n"
                        + "  \"sqlstate\" text,\n"
                        + "  \"payload\" text,\n"
                        + "  \"failed_at\" timestamptz NOT NULL DEFAULT now()\n"
                        + ")",
                "CREATE TABLE IF NOT EXISTS \"mongo2pg\".\"backfill\" (\n"
                        + "  \"target_schema\" text NOT NULL,\n"
                        + "  \"collection\" text NOT NULL,\n"
                        + "  \"owner\" text NOT NULL,\n"
                        + "  \"started_at\" timestamptz NOT NULL DEFAULT now(),\n"
                        + "  PRIMARY KEY (\"target_schema\", \"collection\")\n"
                        + ")",
                "CREATE TABLE IF NOT EXISTS \"mongo2pg\".\"backfill_objects\" (\n"
                        + "  \"target_schema\" text NOT NULL,\n"
                        + "  \"collection\" text NOT NULL,\n"
                        + "  \"seq\" integer NOT NULL,\n"
                        + "  \"kind\" text NOT NULL,\n"
                        + "  \"table_name\" text NOT NULL,\n"
                        + "  \"object_name\" text NOT NULL,\n"
                        + "  \"definition\" text NOT NULL,\n"
                        + "  PRIMARY KEY (\"target_schema\", \"collection\", \"seq\")\n"
                        + ")");
    }

    @Test
    void shouldReadLockAndUpsertOffsetsOfOneTargetSchema() {
        assertThat(ControlStatements.selectOffset()).isEqualTo("SELECT \"next_offset\" FROM \"mongo2pg\".\"offsets\""
                + " WHERE \"target_schema\" = ? AND \"topic\" = ? AND \"partition\" = ?");
        assertThat(ControlStatements.selectOffsetForUpdate()).isEqualTo(ControlStatements.selectOffset() + " FOR UPDATE");
        assertThat(ControlStatements.selectOffsets()).isEqualTo("SELECT \"topic\", \"partition\", \"next_offset\""
                + " FROM \"mongo2pg\".\"offsets\" WHERE \"target_schema\" = ?");
        assertThat(ControlStatements.insertOffsetIfAbsent()).isEqualTo("INSERT INTO \"mongo2pg\".\"offsets\""
                + " (\"target_schema\", \"topic\", \"partition\", \"next_offset\") VALUES (?, ?, ?, 0)"
                + " ON CONFLICT (\"target_schema\", \"topic\", \"partition\") DO NOTHING");
        assertThat(ControlStatements.upsertOffset()).isEqualTo("INSERT INTO \"mongo2pg\".\"offsets\""
                + " (\"target_schema\", \"topic\", \"partition\", \"next_offset\") VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (\"target_schema\", \"topic\", \"partition\") DO UPDATE SET"
                + " \"next_offset\" = EXCLUDED.\"next_offset\"");
    }

    @Test
    void shouldMigrateTheOffsetsOfVersion01InPlace() {
        assertThat(ControlStatements.addOffsetsTargetSchema())
                .isEqualTo("ALTER TABLE \"mongo2pg\".\"offsets\" ADD COLUMN \"target_schema\" text");
        assertThat(ControlStatements.claimOffsets()).isEqualTo("UPDATE \"mongo2pg\".\"offsets\" SET"
                + " \"target_schema\" = ? WHERE \"target_schema\" IS NULL");
        assertThat(ControlStatements.keyOffsetsByTargetSchema("offsets_pkey")).containsExactly(
                "ALTER TABLE \"mongo2pg\".\"offsets\" ALTER COLUMN \"target_schema\" SET NOT NULL",
                "ALTER TABLE \"mongo2pg\".\"offsets\" DROP CONSTRAINT \"offsets_pkey\"",
                "ALTER TABLE \"mongo2pg\".\"offsets\" ADD PRIMARY KEY (\"target_schema\", \"topic\", \"partition\")");
    }

    @Test
    void shouldKeepTheNewestProgress() {
        assertThat(ControlStatements.upsertProgress()).isEqualTo("INSERT INTO \"mongo2pg\".\"progress\" (\"collection\","
                + " \"source_ts_ms\", \"applied_at\") VALUES (?, ?, now()) ON CONFLICT (\"collection\") DO UPDATE SET"
                + " \"source_ts_ms\" = GREATEST(\"mongo2pg\".\"progress\".\"source_ts_ms\", EXCLUDED.\"source_ts_ms\"),"
                + " \"applied_at\" = EXCLUDED.\"applied_at\"");
    }

    @Test
    void shouldInsertDeadLetters() {
        assertThat(ControlStatements.insertDeadLetter()).isEqualTo("INSERT INTO \"mongo2pg\".\"dead_letters\" (\"topic\","
                + " \"partition\", \"kafka_offset\", \"collection\", \"document_id\", \"reason\", \"sqlstate\", \"payload\")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Test
    void shouldLockSchemaInitializationWithOneKey() {
        assertThat(ControlStatements.lockSchemaInitialization())
                .isEqualTo("SELECT pg_advisory_xact_lock(7885642863075291239)");
    }
}
