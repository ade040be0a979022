package io.mongo2pg.bench.transformer;

import io.mongo2pg.mapping.value.ExtendedJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bson.BsonDocument;

/** Real sample documents of one collection, cycled (with fresh {@code _id}s) to make as many events as wanted. */
record BenchDataset(String label, String database, String collection, List<BsonDocument> documents) {
    static BenchDataset load(String label, Path file, String database, String collection) {
        try (var lines = Files.lines(file)) {
            List<BsonDocument> documents = lines.filter(l -> !l.isBlank()).map(ExtendedJson::parseDocument).toList();
            return new BenchDataset(label, database, collection, documents);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the benchmark data " + file + "; pass --data with the "
                    + "directory holding mongodb-samples/", e);
        }
    }

    int averageBytes() {
        return (int) documents.stream().mapToInt(d -> ExtendedJson.canonical(d).length()).average().orElse(0);
    }
}
