package io.mongo2pg.transformer;

import io.mongo2pg.mapping.avro.RowSetDeserializer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.value.ExtendedJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.BsonDocument;

/**
 * The real test material in ../shared/data (relative to the project root, which surefire passes as
 * {@code mongo2pg.root}) and the example mappings committed with the project.
 */
public final class TestData {
    /** Reads the RowSets of the sample_analytics mapping in every format (Avro by default, JSON when chosen). */
    private static final RowSetDeserializer ROW_SETS = new RowSetDeserializer(sampleAnalyticsMapping(), null);

    private TestData() {
    }

    /** A rows topic record's value as a RowSet, whatever format the transformer wrote it in. */
    public static RowSet rowSet(byte[] value) {
        return ROW_SETS.deserialize("rows", value);
    }

    public static Path root() {
        return Path.of(System.getProperty("mongo2pg.root", "..")).toAbsolutePath().normalize();
    }

    public static Path debeziumEvents(String file) {
        return root().resolve("../shared/data/debezium-events").resolve(file).normalize();
    }

    public static Mapping sampleAnalyticsMapping() {
        return MappingLoader.load(root().resolve("examples/sample_analytics.yml"));
    }

    /** The {@code index}-th document (0-based) of a sample_analytics collection file. */
    public static BsonDocument sampleAnalytics(String collection, int index) {
        Path file = root().resolve("../shared/data/mongodb-samples/sample_analytics").resolve(collection + ".json");
        try (var lines = Files.lines(file.normalize())) {
            return ExtendedJson.parseDocument(lines.skip(index).findFirst().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
