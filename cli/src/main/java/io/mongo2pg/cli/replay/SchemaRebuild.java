package io.mongo2pg.cli.replay;

import com.zaxxer.hikari.HikariDataSource;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.config.SinkConfig;
import io.mongo2pg.sink.jdbc.DataSourceFactory;
import io.mongo2pg.sink.jdbc.RowSetBatchWriter;
import io.mongo2pg.sink.jdbc.SchemaInitializer;
import io.mongo2pg.sink.kafka.RecordDecoder;
import io.mongo2pg.sink.kafka.SinkService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds the mapped tables in another schema from the compacted RowSet topics, beside the live sink: the sink's own
 * writer (backfill COPY path while the tables are empty) into the new schema, without touching the live sink's
 * offsets; its position is kept per schema in {@code mongo2pg.rebuild_offsets} after each batch (re-applying a
 * RowSet is harmless, so a crash between a batch and its position only repeats work).
 */
final class SchemaRebuild implements AutoCloseable {
    private static final Duration STALL = Duration.ofSeconds(60);

    private final String schema;
    private final HikariDataSource dataSource;
    private final RowSetBatchWriter writer;
    private final RecordDecoder decoder;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** @param config the sink's settings with the new schema as its target */
    SchemaRebuild(SinkConfig config, RelationalModel model) {
        this.schema = config.schema();
        this.dataSource = DataSourceFactory.create(config);
        new SchemaInitializer(dataSource, schema, SinkService.retryPolicy(config)).initialize(model);
        this.writer = RowSetBatchWriter.builder(dataSource, model).schema(schema)
                .retry(SinkService.retryPolicy(config)).storeOffsets(false).build();
        this.decoder = new RecordDecoder(config, model.mapping());
        Map<String, Object> props = new HashMap<>(SinkService.consumerProperties(config));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, never in a group: the live sink's group is untouched
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mongo2pg-rebuild-" + schema);
        this.consumer = new KafkaConsumer<>(props);
    }

    /** A connection of the rebuild's pool, in auto-commit mode (the sink's pool hands them out without). */
    Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    void startBackfill() {
        writer.startBackfill();
    }

    void finishBackfill() {
        writer.finishBackfill();
    }

    /**
     * Applies every record below {@code until} from where the rebuild stands (its stored offsets, else the start of
     * each partition), and stores the new position.
     *
     * @return records applied
     */
    long applyUntil(Map<TopicPartition, Long> until) throws SQLException {
        Map<TopicPartition, Long> position = position(until);
        List<TopicPartition> pending = new ArrayList<>(until.keySet().stream()
                .filter(tp -> position.get(tp) < until.get(tp)).toList());
        consumer.assign(pending);
        pending.forEach(tp -> consumer.seek(tp, position.get(tp)));
        long applied = 0;
        long lastProgress = System.nanoTime();
        while (!pending.isEmpty()) {
            List<SinkRecord> batch = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < until.get(tp)) {
                    batch.add(decoder.decode(record));
                }
            }
            writer.write(batch);
            applied += batch.size();
            pending.removeIf(tp -> consumer.position(tp) >= until.get(tp));
            if (!batch.isEmpty() || pending.isEmpty()) {
                lastProgress = System.nanoTime();
                store(until, pending);
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("The rebuild of schema '" + schema + "' read nothing for " + STALL
                        .toSeconds() + " s although " + pending + " are not read up to " + until + "; check that Kafka "
                        + "is reachable (kafka.* in the config) and run the command again: it resumes");
            }
        }
        consumer.assign(List.of());
        return applied;
    }

    /** Where the rebuild stands per partition: its stored offset, else the partition's first offset. */
    private Map<TopicPartition, Long> position(Map<TopicPartition, Long> until) throws SQLException {
        Map<TopicPartition, Long> stored;
        try (Connection connection = connection()) {
            StoredOffsets.createRebuildTable(connection);
            stored = StoredOffsets.rebuildOffsets(connection, schema);
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(until.keySet());
        Map<TopicPartition, Long> position = new HashMap<>();
        until.keySet().forEach(tp -> position.put(tp, Math.max(beginning.get(tp), stored.getOrDefault(tp, 0L))));
        return position;
    }

    private void store(Map<TopicPartition, Long> until, List<TopicPartition> pending) throws SQLException {
        Map<TopicPartition, Long> reached = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            reached.put(tp, pending.contains(tp) ? consumer.position(tp) : until.get(tp));
        }
        try (Connection connection = connection()) {
            StoredOffsets.setRebuildOffsets(connection, schema, reached);
        }
    }

    @Override
    public void close() {
        try (decoder; HikariDataSource pool = dataSource) {
            consumer.close();
        }
    }
}
