package io.mongo2pg.sink;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.error.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/** The real test material in ../shared/data, the example mapping, and settings for tests. */
public final class SinkTestSupport {
    public static final String SCHEMA = "app";

    private SinkTestSupport() {
    }

    public static Path root() {
        return Path.of(System.getProperty("mongo2pg.root", "..")).toAbsolutePath().normalize();
    }

    public static Mapping sampleAnalyticsMapping() {
        return MappingLoader.load(root().resolve("examples/sample_analytics.yml"));
    }

    public static List<BsonDocument> sampleAnalytics(String collection) {
        return ExtendedJsonFile.readAll(root().resolve("../shared/data/mongodb-samples/sample_analytics")
                .resolve(collection + ".json").normalize());
    }

    /** Retries without waiting, so that tests never sleep. */
    public static RetryPolicy fastRetry() {
        return new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), d -> { });
    }

    public static SinkConfig config(String jdbcUrl, Mapping mapping) {
        return SinkConfig.parse(Map.of(SinkConfig.BOOTSTRAP_SERVERS, "localhost:9092", SinkConfig.TOPIC_PREFIX, "m2p",
                SinkConfig.JDBC_URL, jdbcUrl, SinkConfig.SCHEMA, SCHEMA, SinkConfig.CLOSE_TIMEOUT_MS, "10000"), mapping);
    }
}
