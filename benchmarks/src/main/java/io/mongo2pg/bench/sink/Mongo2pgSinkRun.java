package io.mongo2pg.bench.sink;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.kafka.SinkService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times the mongo2pg sink consuming a pre-filled row topic into PostgreSQL until every RowSet is applied:
 * the same SinkService the product runs, with its Kafka consumer, decoding, batching and transactions.
 */
record Mongo2pgSinkRun(String bootstrapServers, Mapping mapping, Map<String, String> sinkOverrides) {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    BenchResult run(String name, String topicPrefix, String database, String jdbcUrl, int documents, long rows) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(SinkConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        props.put(SinkConfig.TOPIC_PREFIX, topicPrefix);
        props.put(SinkConfig.JDBC_URL, jdbcUrl);
        props.put(SinkConfig.GROUP_ID, "bench-" + database); // a new group per run: every round reads the topic whole
        props.putAll(sinkOverrides);
        try (SinkService sink = SinkService.create(SinkConfig.parse(props, mapping), mapping)) {
            long start = System.nanoTime();
            sink.start();
            if (!sink.awaitHandled(documents, LIMIT)) {
                throw new IllegalStateException(name + ": the sink handled only " + sink.counters().snapshot()
                        + " of " + documents + " RowSets within " + LIMIT + sink.failure().map(f -> "; failure: " + f).orElse(""));
            }
            long nanos = System.nanoTime() - start;
            var counters = sink.counters().snapshot();
            if (counters.deadLetters() > 0) {
                throw new IllegalStateException(name + ": " + counters.deadLetters() + " RowSets went to the dead letters");
            }
            long startup = sink.startupTime().map(java.time.Duration::toNanos).orElse(0L);
            return new BenchResult(name, rows, nanos, startup);
        }
    }
}
