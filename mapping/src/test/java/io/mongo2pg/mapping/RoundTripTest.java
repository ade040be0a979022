package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.model.CollectionMapping;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.ExcludedFields;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invariant DESIGN.md asks for, on every document of every file in ../shared/data/mongodb-samples: the
 * rows, serialized as the transformer sends them and read back, reassemble into the document (without its
 * excluded fields). Each dataset's mapping is the example committed in examples/; a file with no mapped
 * collection fails the test, so a new sample file cannot go unchecked.
 */
class RoundTripTest {
    static Stream<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SharedData.samples(""))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void shouldGiveBackEveryDocumentFromItsRows(Path file) {
        String dataset = file.getParent().getFileName().toString();
        String collectionName = file.getFileName().toString().split("\\.")[0];
        Mapping mapping = SharedData.exampleMapping(dataset);
        CollectionMapping collection = mapping.collection(collectionName).orElseThrow(() -> new AssertionError(
                "examples/" + dataset + ".yml does not map collection " + collectionName + " of " + file));
        Normalizer normalizer = new Normalizer(mapping);
        Reassembler reassembler = new Reassembler(mapping);
        List<BsonDocument> documents = ExtendedJsonFile.readAll(file);

        assertThat(documents).isNotEmpty();
        for (BsonDocument document : documents) {
            RowSet sent = normalizer.upsert(collectionName, document, null);
            List<Row> received = RowSetCodec.decode(RowSetCodec.encode(sent)).rows();
            BsonDocument back = reassembler.reassemble(collectionName, received);
            assertThat(Documents.ordered(back)).as("document %s", document.get("_id"))
                    .isEqualTo(Documents.ordered(ExcludedFields.without(collection, document)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void shouldFillEveryTableOfTheMappingFromTheSampleData(Path file) {
        String dataset = file.getParent().getFileName().toString();
        String collectionName = file.getFileName().toString().split("\\.")[0];
        Mapping mapping = SharedData.exampleMapping(dataset);
        Normalizer normalizer = new Normalizer(mapping);

        Map<String, Long> rowsPerTable = ExtendedJsonFile.readAll(file).stream()
                .flatMap(d -> normalizer.normalize(collectionName, d).stream())
                .collect(Collectors.groupingBy(Row::table, Collectors.counting()));

        // The example mappings are meant to show each feature on real data: no table of theirs stays empty.
        List<String> tables = RelationalModel.of(mapping).forCollection(collectionName).all().stream()
                .map(TableDef::name).toList();
        assertThat(rowsPerTable.keySet()).containsExactlyInAnyOrderElementsOf(tables);
    }
}
