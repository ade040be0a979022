package io.mongo2pg.mapping.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.Documents;
import io.mongo2pg.mapping.SharedData;
import io.mongo2pg.mapping.model.ChildMapping;
import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.ColumnReference;
import io.mongo2pg.mapping.model.LinkMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The inferred mapping of each sample dataset, written as YAML and loaded back by MappingLoader, takes every document
 * of the dataset and gives each one back from its rows; and it finds the references the datasets are known for.
 */
class InferredMappingRoundTripTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample_analytics", "sample_mflix", "sample_airbnb"})
    void shouldGiveBackEveryDocumentOfTheDatasetThroughItsInferredMapping(String dataset) throws IOException {
        Map<String, List<BsonDocument>> documents = dataset(dataset);
        Analysis analysis = infer(documents);
        Mapping mapping = MappingLoader.load(new ByteArrayInputStream(analysis.yaml().getBytes(StandardCharsets.UTF_8)),
                dataset + ".yml");
        Normalizer normalizer = new Normalizer(mapping);
        Reassembler reassembler = new Reassembler(mapping);

        assertThat(mapping.collectionNames()).containsExactlyInAnyOrderElementsOf(documents.keySet());
        documents.forEach((collection, docs) -> docs.forEach(document -> {
            List<Row> rows = RowSetCodec.decode(RowSetCodec.encode(normalizer.upsert(collection, document, null))).rows();
            assertThat(Documents.ordered(reassembler.reassemble(collection, rows)))
                    .as("%s %s", collection, document.get("_id")).isEqualTo(Documents.ordered(document));
        }));
    }

    @Test
    void shouldFindTheCustomersAccountsLinkTableAndKeepTierAndDetailsWhole() throws IOException {
        Analysis analysis = infer(dataset("sample_analytics"));
        CollectionMapping customers = analysis.mapping().collection("customers").orElseThrow();

        assertThat(customers.links()).singleElement().satisfies(link -> {
            assertThat(link.fieldPath()).isEqualTo("accounts");
            assertThat(link.referencedCollection() + "." + link.referencedField()).isEqualTo("accounts.account_id");
        });
        assertThat(customers.columnForField("tier_and_details").orElseThrow().type().yamlName()).isEqualTo("jsonb");
        assertThat(customers.columnForField("active")).as("in 1 of 500 customers: rare").isEmpty();
        assertThat(analysis.yaml()).contains("accounts: {table: customers_accounts, references: accounts.account_id}");
    }

    @Test
    void shouldFindCommentsMovieIdReferencingMovies() throws IOException {
        Analysis analysis = infer(dataset("sample_mflix"));
        CollectionMapping comments = analysis.mapping().collection("comments").orElseThrow();

        assertThat(comments.columnForField("movie_id").orElseThrow().references())
                .contains(new ColumnReference("movies", "_id"));
        CollectionMapping movies = analysis.mapping().collection("movies").orElseThrow();
        assertThat(movies.columnForField("genres").orElseThrow().type().yamlName()).isEqualTo("text[]");
        assertThat(movies.columnForField("imdb.rating").orElseThrow().onMismatch().yamlName()).isEqualTo("extra");
        assertThat(movies.columnForField("year").orElseThrow().references()).as("years are no theater ids").isEmpty();
    }

    static Analysis infer(Map<String, List<BsonDocument>> documents) {
        SchemaProfiler profiler = new SchemaProfiler();
        documents.forEach((collection, docs) -> docs.forEach(d -> profiler.observe(collection, d)));
        return profiler.infer();
    }

    static Map<String, List<BsonDocument>> dataset(String name) throws IOException {
        Map<String, List<BsonDocument>> documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SharedData.samples(name))) {
            for (Path file : files.sorted().toList()) {
                documents.put(file.getFileName().toString().split("\\.")[0], ExtendedJsonFile.readAll(file));
            }
        }
        return documents;
    }
}
