package io.mongo2pg.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.cli.e2e.Projects;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SchemaApplyCommandTest {
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

    private int apply(String schema, String... more) {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = {"schema", "apply", "--mapping", Projects.root().resolve("examples/sample_airbnb.yml").toString(),
            "--postgres", postgres.jdbcUrl(), "--schema", schema};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return cli.execute(all);
    }

    @Test
    void shouldCreateTheTablesOnceAndFindThemMatchingTheSecondTime() throws SQLException {
        assertThat(apply("airbnb")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Schema 'airbnb': 3 tables (3 created, 0 already there and matching).");
        out.getBuffer().setLength(0);

        assertThat(apply("airbnb", "--cutover")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("3 tables (0 created, 3 already there and matching), cross-collection "
                + "foreign keys validated.");
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'airbnb'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM information_schema.referential_constraints WHERE constraint_schema = "
                + "'airbnb'")).as("two cascading keys to listings, one cutover key").isEqualTo(3);
    }

    @Test
    void shouldApplyNothingAndListTheDifferencesWhenAnExistingTableDoesNotMatch() throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA clash");
            st.execute("CREATE TABLE clash.listings (_id integer PRIMARY KEY, name text)");
        }

        assertThat(apply("clash")).isEqualTo(1);

        assertThat(err.toString()).contains("existing tables in schema 'clash' do not match the mapping; nothing was applied")
                .contains("listings._id: is integer, expected text")
                .contains("listings.price: missing (expected numeric)");
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'clash'")).isEqualTo(1);
    }

    @Test
    void shouldReportAnUnreachableServerWithoutItsPassword() {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("schema", "apply", "--mapping", Projects.root().resolve("examples/sample_airbnb.yml").toString(),
                "--postgres", "jdbc:postgresql://localhost:1/none?user=x&password=secret&connectTimeout=2");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot apply the schema to jdbc:postgresql://localhost:1/none?user=x&password=***")
                .doesNotContain("secret");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
