package io.mongo2pg.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** schema diff writes Flyway migrations from the live catalog; schema apply --migrations runs them; real PostgreSQL. */
class SchemaDiffCommandTest {
    private static final String V1 = """
            collections:
              orders:
                columns: {total: integer, status: text}
                children:
                  lines: {table: order_lines, columns: {sku: text, qty: integer}}
            """;
    private static final String V2 = """
            collections:
              orders:
                columns: {total: bigint, note: text}
                children:
                  lines: {table: order_lines, columns: {sku: text, qty: integer}}
                  tags: {table: order_tags, value: {type: text, column: tag}}
            """;
    private static EmbeddedPostgresServer postgres;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void shouldWriteVersionedMigrationsThatFlywayAppliesAndNeverDropData(@TempDir Path dir) throws Exception {
        Path migrations = dir.resolve("migrations");
        Path v1 = Files.writeString(dir.resolve("orders.yml"), V1);
        assertThat(run("schema", "diff", "--mapping", v1.toString(), "--postgres", postgres.jdbcUrl(), "--schema", "shop",
                "--migrations", migrations.toString(), "--description", "create orders")).as(err.toString()).isZero();
        assertThat(migrations.resolve("V1__create_orders.sql")).content()
                .contains("CREATE SCHEMA IF NOT EXISTS \"shop\";", "CREATE TABLE IF NOT EXISTS \"shop\".\"order_lines\"");

        assertThat(run("schema", "apply", "--migrations", migrations.toString(), "--postgres", postgres.jdbcUrl(),
                "--schema", "shop", "--mapping", v1.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Schema 'shop': 1 migration(s) applied, now at version 1.", "Schema 'shop' matches");
        sql("INSERT INTO shop.orders (_id, total, status) VALUES ('a', 5, 'paid')");

        Path v2 = Files.writeString(dir.resolve("orders.yml"), V2);
        assertThat(run("schema", "diff", "--mapping", v2.toString(), "--postgres", postgres.jdbcUrl(), "--schema", "shop",
                "--migrations", migrations.toString())).as(err.toString()).isZero();
        String second = Files.readString(migrations.resolve("V2__update_orders.sql"));
        assertThat(second).contains("\nALTER TABLE \"shop\".\"orders\" ADD COLUMN \"note\" text;\n",
                "\nCREATE TABLE IF NOT EXISTS \"shop\".\"order_tags\" (",
                "-- WARNING: changes the type of orders.total from integer to bigint",
                "\n-- ALTER TABLE \"shop\".\"orders\" ALTER COLUMN \"total\" TYPE bigint USING \"total\"::bigint;\n",
                "-- WARNING: drops column orders.status and its data",
                "\n-- ALTER TABLE \"shop\".\"orders\" DROP COLUMN \"status\";\n");
        assertThat(out.toString()).contains("WARNING: orders.total is integer, the mapping says bigint");

        assertThat(run("schema", "diff", "--mapping", v2.toString(), "--postgres", postgres.jdbcUrl(), "--schema", "shop",
                "--migrations", migrations.toString())).as("V2 is not applied yet").isEqualTo(1);
        assertThat(err.toString()).contains("1 migration(s) in " + migrations + " are not applied to schema 'shop' yet: "
                + "[V2__update_orders]");

        err.getBuffer().setLength(0);
        assertThat(run("schema", "apply", "--migrations", migrations.toString(), "--postgres", postgres.jdbcUrl(),
                "--schema", "shop", "--mapping", v2.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("1 migration(s) applied, now at version 2.");
        assertThat(err.toString()).contains("orders.total is integer, the mapping says bigint", "mongo2pg schema diff");
        assertThat(count("SELECT count(*) FROM shop.orders WHERE status = 'paid' AND note IS NULL"))
                .as("the dropped column is still there with its data").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'shop' AND table_name = "
                + "'order_tags'")).isEqualTo(1);
    }

    @Test
    void shouldFindNothingToMigrateAfterSchemaApplyAndBaselineThatSchemaForFlyway(@TempDir Path dir) throws Exception {
        Path mapping = Files.writeString(dir.resolve("orders.yml"), V1);
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        assertThat(run("schema", "apply", "--mapping", mapping.toString(), "--postgres", postgres.jdbcUrl(), "--schema",
                "plain")).as(err.toString()).isZero();

        assertThat(run("schema", "diff", "--mapping", mapping.toString(), "--postgres", postgres.jdbcUrl(), "--schema",
                "plain", "--migrations", migrations.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("Schema 'plain' matches " + mapping + ": no migration written.");
        try (var files = Files.list(migrations)) {
            assertThat(files).isEmpty();
        }
        Files.writeString(migrations.resolve("V1__add_note.sql"), "ALTER TABLE plain.orders ADD COLUMN note text;");
        assertThat(run("schema", "apply", "--migrations", migrations.toString(), "--postgres", postgres.jdbcUrl(),
                "--schema", "plain")).as(err.toString()).isZero();
        assertThat(count("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'plain' AND column_name = "
                + "'note'")).isEqualTo(1);
    }

    private int run(String... args) {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static long count(String query) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
