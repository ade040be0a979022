package io.mongo2pg.cli.demo;

import com.mongodb.client.MongoDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/** Seeds the demo's source with the sample_analytics documents bundled in the jar (see demo/SOURCE.md). */
final class DemoSeed {
    private static final List<String> COLLECTIONS = List.of("accounts", "customers");

    private DemoSeed() {
    }

    static long seed(MongoDatabase db) {
        long total = 0;
        for (String collection : COLLECTIONS) {
            List<BsonDocument> documents = read(collection);
            db.getCollection(collection, BsonDocument.class).insertMany(documents);
            total += documents.size();
        }
        return total;
    }

    /** Root rows the snapshot must produce per table. */
    static Map<String, Long> expectedRows() {
        return Map.of("accounts", (long) read("accounts").size(), "customers", (long) read("customers").size());
    }

    private static List<BsonDocument> read(String collection) {
        String resource = "/demo/sample_analytics/" + collection + ".json";
        try (InputStream in = DemoSeed.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar; rebuild with mvn install");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().filter(l -> !l.isBlank()).map(BsonDocument::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
