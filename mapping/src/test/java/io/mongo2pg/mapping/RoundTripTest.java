package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.normalize.Reassembler;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The invariant DESIGN.md asks for: reassembling the normalized rows gives back the document, on real data. */
class RoundTripTest {
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "sample_analytics, accounts, sample_analytics/accounts.json",
        "sample_analytics, customers, sample_analytics/customers.json",
        "sample_mflix, theaters, sample_mflix/theaters.json",
        "sample_mflix, comments, sample_mflix/comments.json"})
    void shouldGiveBackEveryDocumentFromItsRows(String mappingName, String collection, String file) {
        Mapping mapping = SharedData.exampleMapping(mappingName);
        Normalizer normalizer = new Normalizer(mapping);
        Reassembler reassembler = new Reassembler(mapping);
        List<BsonDocument> documents = ExtendedJsonFile.readAll(SharedData.samples(file));

        assertThat(documents).isNotEmpty();
        for (BsonDocument document : documents) {
            BsonDocument back = reassembler.reassemble(collection, normalizer.normalize(collection, document));
            assertThat(ordered(back)).as("document %s", document.get("_id")).isEqualTo(ordered(document));
        }
    }

    /** Field order is not kept by the rows (and does not matter to MongoDB queries), so compare ordered. */
    private static Object ordered(BsonValue value) {
        if (value.isDocument()) {
            Map<String, Object> map = new TreeMap<>();
            value.asDocument().forEach((k, v) -> map.put(k, ordered(v)));
            return map;
        }
        if (value.isArray()) {
            BsonArray array = value.asArray();
            return array.stream().map(RoundTripTest::ordered).toList();
        }
        return value;
    }
}
