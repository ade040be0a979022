package io.mongo2pg.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.cli.e2e.Projects;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mongo2pg import} on the real sample files, into a real PostgreSQL (one database per test). */
class ImportCommandTest {
    private static final Path SAMPLES = Projects.root().resolve("../shared/data/mongodb-samples").normalize();
    private static final Path ANALYTICS = Projects.root().resolve("examples/sample_analytics.yml");
    private static final Pattern SUMMARY = Pattern.compile("Documents read: (\\d+), loaded: (\\d+), rejected: (\\d+)");

    private static EmbeddedPostgresServer postgres;
    private static int databases;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void shouldLoadEveryDocumentOfTheCanonicalSampleFilesAndBuildTheKeysAfterwards() throws Exception {
        String url = database();

        int customers = run("import", "--mapping", ANALYTICS.toString(), "--postgres", url, "--collection", "customers",
                SAMPLES.resolve("sample_analytics/customers.json").toString());

        assertThat(customers).as(err.toString()).isZero();
        assertThat(summary()).containsExactly(500L, 500L, 0L);
        assertThat(out.toString()).contains("plain COPY");
        assertThat(count(url, "SELECT count(*) FROM public.customers")).isEqualTo(500);
        long links = ExtendedJsonFile.readAll(SAMPLES.resolve("sample_analytics/customers.json")).stream()
                .mapToLong(c -> c.getArray("accounts").size()).sum();
        assertThat(count(url, "SELECT count(*) FROM public.customer_accounts")).isEqualTo(links).isGreaterThan(500);
        assertThat(count(url, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.customer_accounts'::regclass"
                + " AND contype IN ('p', 'f')")).isEqualTo(2);
        assertThat(count(url, "SELECT count(*) FROM mongo2pg.backfill")).isZero();

        // Again, into tables that now hold the documents: the upsert path, nothing doubled.
        int again = run("import", "--mapping", ANALYTICS.toString(), "--postgres", url, "--collection", "customers",
                "--no-progress", "--batch-size", "77", SAMPLES.resolve("sample_analytics/customers.json").toString());

        assertThat(again).isZero();
        assertThat(out.toString()).contains("merging");
        assertThat(count(url, "SELECT count(*) FROM public.customers")).isEqualTo(500);
    }

    @Test
    void shouldStreamRelaxedNdjsonAndAPrettyPrintedJsonArray(@TempDir Path dir) throws Exception {
        String url = database();
        Path mapping = Files.writeString(dir.resolve("movies.yml"), """
                collections:
                  movies:
                    columns:
                      title:    {type: text}
                      released: {type: timestamptz}
                      genres:   {type: "text[]"}
                """);
        Path ndjson = SAMPLES.resolve("sample_mflix/movies.json");
        Path array = SAMPLES.resolve("sample_mflix/embedded_movies.subset101.pretty.json");

        int exit = run("import", "--mapping", mapping.toString(), "--postgres", url, "--collection", "movies",
                "--batch-size", "100", ndjson.toString(), array.toString());

        List<Long> summary = summary();
        assertThat(summary.get(0)).isEqualTo(1000 + 101);
        assertThat(summary.get(1) + summary.get(2)).isEqualTo(summary.get(0));
        assertThat(exit).isEqualTo(summary.get(2) > 0 ? ImportCommand.REJECTED : 0);
        long distinct = count(url, "SELECT count(*) FROM public.movies");
        assertThat(distinct).isPositive().isLessThanOrEqualTo(summary.get(1));
        assertThat(count(url, "SELECT count(*) FROM public.movies WHERE title = 'Scarface' AND released IS NOT NULL"))
                .isPositive();
        assertThat(count(url, "SELECT count(*) FROM mongo2pg.dead_letters")).isEqualTo(summary.get(2));
    }

    @Test
    void shouldReportEachBadDocumentWithItsLineAndLoadTheRest(@TempDir Path dir) throws Exception {
        String url = database();
        List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLES.resolve("sample_analytics/accounts.json")).subList(0, 30));
        lines.set(4, "{\"_id\": {\"$oid\": \"5ca4bbc7a2dd94ee5816238c\"}, \"account_id\": ");   // line 5: broken JSON
        lines.set(9, lines.get(9).replaceFirst("\"limit\":\\{\"\\$numberInt\":\"(\\d+)\"}", "\"limit\":\"$1\"")); // line 10
        lines.set(14, "{\"account_id\": {\"$date\": \"not a date\"}}");                             // line 15
        lines.add(19, "");                                                                              // blank: skipped
        Path file = Files.write(dir.resolve("accounts.json"), lines);

        int exit = run("import", "--mapping", ANALYTICS.toString(), "--postgres", url, "--collection", "accounts",
                "--no-progress", file.toString());

        assertThat(exit).isEqualTo(ImportCommand.REJECTED);
        assertThat(summary()).containsExactly(30L, 27L, 3L);
        assertThat(err.toString()).contains(file + ":5: rejected").contains(file + ":15: rejected")
                .containsPattern(Pattern.quote(file + ":10: rejected _id ") + ".*limit.*expected integer");
        assertThat(count(url, "SELECT count(*) FROM public.accounts")).isEqualTo(27);
        assertThat(count(url, "SELECT count(*) FROM mongo2pg.dead_letters WHERE topic = '" + file
                + "' AND kafka_offset IN (5, 10, 15)")).isEqualTo(3);
    }

    @Test
    void shouldRefuseACollectionTheMappingDoesNotHave() {
        int exit = run("import", "--mapping", ANALYTICS.toString(), "--postgres", postgres.jdbcUrl(), "--collection",
                "orders", SAMPLES.resolve("sample_analytics/accounts.json").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--collection").contains("orders").contains("accounts, customers, transactions");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<Long> summary() {
        Matcher m = SUMMARY.matcher(out.toString());
        assertThat(m.find()).as("summary in: %s", out).isTrue();
        return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    private static String database() throws Exception {
        String name = "import_" + ++databases;
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return postgres.jdbcUrl().replace("/postgres?", "/" + name + "?");
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
