package io.mongo2pg.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.mongo2pg.cli.Mongo2pgCommand;
import io.mongo2pg.cli.e2e.Projects;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.mapping.model.ColumnReference;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
    private static final Path SAMPLES = Projects.root().resolve("../shared/data/mongodb-samples").normalize();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Mongo2pgCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldProposeTheMappingOfMongoexportFilesWithItsReport(@TempDir Path dir) throws Exception {
        int exit = run("analyze", SAMPLES.resolve("sample_analytics/accounts.json").toString(),
                SAMPLES.resolve("sample_analytics/customers.json").toString(), "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("accounts                     1746 documents read");
        Mapping mapping = MappingLoader.load(dir.resolve("mapping.yml"));
        assertThat(mapping.collection("customers").orElseThrow().links()).singleElement()
                .satisfies(l -> assertThat(l.referencedCollection() + "." + l.referencedField()).isEqualTo("accounts.account_id"));
        assertThat(dir.resolve("report.md")).content().contains("![ER diagram](er.svg)");
        assertThat(dir.resolve("er.svg")).content().contains("customers_accounts");
    }

    @Test
    void shouldReadAPrettyPrintedJsonArrayFileAndHonourTheSampleSize(@TempDir Path dir) {
        int exit = run("analyze", SAMPLES.resolve("sample_mflix/embedded_movies.subset101.pretty.json").toString(),
                "--sample", "40", "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("embedded_movies                40 documents read");
        assertThat(MappingLoader.load(dir.resolve("mapping.yml")).collection("embedded_movies")).isPresent();
    }

    @Test
    void shouldSampleEveryCollectionOfAMongoDatabase(@TempDir Path dir) {
        try (EmbeddedMongoSource mongo = EmbeddedMongoSource.start()) {
            MongoDatabase db = mongo.client().getDatabase("sample_mflix");
            for (String collection : new String[] {"movies", "comments"}) {
                db.getCollection(collection, BsonDocument.class)
                        .insertMany(ExtendedJsonFile.readAll(SAMPLES.resolve("sample_mflix/" + collection + ".json")));
            }

            int exit = run("analyze", "--mongo", mongo.connectionString(), "--db", "sample_mflix", "--out", dir.toString());

            assertThat(exit).as(err.toString()).isZero();
        }
        Mapping mapping = MappingLoader.load(dir.resolve("mapping.yml"));
        assertThat(mapping.collectionNames()).containsExactly("comments", "movies");
        assertThat(mapping.collection("comments").orElseThrow().columnForField("movie_id").orElseThrow().references())
                .contains(new ColumnReference("movies", "_id"));
        assertThat(out.toString()).contains("movies                       1000 documents read");
    }

    @Test
    void shouldRefuseToAnalyzeNothingOrBothSources() {
        assertThat(run("analyze")).isEqualTo(2);
        assertThat(err.toString()).contains("Give either --mongo URI or mongoexport FILEs");
    }
}
