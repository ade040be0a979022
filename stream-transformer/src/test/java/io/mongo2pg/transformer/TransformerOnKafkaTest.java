package io.mongo2pg.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.RowSetCodec;
import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.transformer.DebeziumRecords.Delta;
import io.mongo2pg.transformer.event.Operation;
import io.mongo2pg.transformer.topology.CaptureMode;
import io.mongo2pg.transformer.topology.DeadLetterHeaders;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformer in Kafka Streams on a real broker, exactly-once, capture mode {@code change_streams}: snapshot
 * reads and deltas on a 3-partition change topic with corrupt and unmappable records between them; then a restart
 * on an empty state directory, so the document store must come back from its changelog.
 */
class TransformerOnKafkaTest {
    private static final String PREFIX = "it";
    private static final String DB = "sample_analytics";
    private static final int PARTITIONS = 3;
    private static final int DOCUMENTS = 30;
    private static final DebeziumRecords CUSTOMERS = new DebeziumRecords(PREFIX, DB, "customers");

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(CUSTOMERS.topic(), PARTITIONS, (short) 1),
                    new NewTopic("it.rows.customers", PARTITIONS, (short) 1),
                    new NewTopic("it.deadletters", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldDeliverEveryGoodEventOnceInOrderOnItsInputPartitionAndSurviveARestart() throws Exception {
        Map<BsonValue, Integer> partitionOf = new HashMap<>();
        List<RecordMetadata> bad = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < DOCUMENTS; i++) {
                BsonDocument customer = TestData.sampleAnalytics("customers", i);
                BsonValue id = customer.get("_id");
                partitionOf.put(id, i % PARTITIONS);
                send(producer, i % PARTITIONS, id, CUSTOMERS.value(Operation.READ, customer, 1000 + i, 1));
                send(producer, i % PARTITIONS, id, CUSTOMERS.delta(Delta.set(BsonDocument.parse(
                        "{name: 'renamed " + i + "'}")), null, 5000 + i, 1));
                if (i == 10) {
                    bad.add(send(producer, 1, id, "{\"op\": \"u\", \"payload\": [corrupt"));
                }
                if (i == 20) {
                    BsonDocument unmappable = TestData.sampleAnalytics("customers", 100)
                            .append("birthdate", new BsonString("1977-03-02"));
                    bad.add(send(producer, 2, unmappable.get("_id"),
                            CUSTOMERS.value(Operation.CREATE, unmappable, 6000, 1)));
                }
            }
        }

        try (TransformerService transformer = start("state-1");
             KafkaConsumer<byte[], byte[]> rows = consumer("it.rows.customers");
             KafkaConsumer<byte[], byte[]> deadLetters = consumer("it.deadletters")) {
            int port = transformer.serveMetrics(new InetSocketAddress("localhost", 0));
            List<ConsumerRecord<byte[], byte[]>> out = pollUntil(rows, 2 * DOCUMENTS);
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>(pollUntil(deadLetters, 2));
            dead.sort(java.util.Comparator.comparing(r -> header(r, DeadLetterHeaders.SOURCE_PARTITION)));

            assertEveryDocumentInOrderOnItsPartition(out, partitionOf, "renamed ");
            assertThat(out).as("the default partitioner would have put some elsewhere: the test can fail")
                    .anyMatch(r -> Utils.toPositive(Utils.murmur2(r.key())) % PARTITIONS != r.partition());
            assertDeadLetter(dead.get(0), bad.get(0), "The record value is not valid JSON");
            assertDeadLetter(dead.get(1), bad.get(1), "expected timestamptz");
            assertThat(header(dead.get(1), DeadLetterHeaders.FIELD_PATH)).isEqualTo("birthdate");
            assertMetrics(port);
        }

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < DOCUMENTS; i++) {
                BsonValue id = TestData.sampleAnalytics("customers", i).get("_id");
                send(producer, i % PARTITIONS, id, CUSTOMERS.delta(Delta.set(BsonDocument.parse(
                        "{email: 'after-restart-" + i + "@example.com'}")), null, 9000 + i, 1));
            }
        }
        try (TransformerService restarted = start("state-2");
             KafkaConsumer<byte[], byte[]> rows = consumer("it.rows.customers");
             KafkaConsumer<byte[], byte[]> deadLetters = consumer("it.deadletters")) {
            // Customer 10's copy was forgotten when its corrupt event was dead-lettered: a change was missed.
            List<ConsumerRecord<byte[], byte[]>> out = pollUntil(rows, 3 * DOCUMENTS - 1);
            List<ConsumerRecord<byte[], byte[]>> dead = pollUntil(deadLetters, 3);
            List<ConsumerRecord<byte[], byte[]>> afterRestart = out.stream()
                    .filter(r -> TestData.rowSet(r.value()).source().tsMs() >= 9000).toList();

            assertThat(afterRestart).hasSize(DOCUMENTS - 1).allSatisfy(r -> {
                RowSet rowSet = TestData.rowSet(r.value());
                assertThat(rowSet.rows().get(0).get("email").asString().getValue()).startsWith("after-restart-");
                assertThat(rowSet.rows().get(0).get("name").asString().getValue()).as("state from the changelog")
                        .startsWith("renamed ");
                assertThat(r.partition()).isEqualTo(partitionOf.get(rowSet.id()));
            });
            assertThat(header(dead.get(2), DeadLetterHeaders.ID))
                    .isEqualTo(canonical(TestData.sampleAnalytics("customers", 10).get("_id")));
            assertThat(header(dead.get(2), DeadLetterHeaders.ERROR_REASON)).contains("run an incremental snapshot");
            assertThat(restarted.meters().get("mongo2pg.transformer.dead.letters").tag("collection", "customers")
                    .counter().count()).isEqualTo(1);
        }
    }

    private static void assertEveryDocumentInOrderOnItsPartition(List<ConsumerRecord<byte[], byte[]>> out,
                                                                 Map<BsonValue, Integer> partitionOf, String renamed) {
        assertThat(out).hasSize(2 * DOCUMENTS);
        Map<BsonValue, List<String>> names = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            RowSet rowSet = TestData.rowSet(record.value());
            assertThat(RowSetCodec.decodeKey(record.key())).isEqualTo(rowSet.id());
            assertThat(record.partition()).as("partition of " + rowSet.id()).isEqualTo(partitionOf.get(rowSet.id()));
            names.computeIfAbsent(rowSet.id(), k -> new ArrayList<>())
                    .add(rowSet.rows().get(0).get("name").asString().getValue());
        }
        assertThat(names).hasSize(DOCUMENTS).allSatisfy((id, seen) -> {
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).doesNotStartWith(renamed);
            assertThat(seen.get(1)).startsWith(renamed);
        });
    }

    private static void assertDeadLetter(ConsumerRecord<byte[], byte[]> dead, RecordMetadata origin, String reason) {
        assertThat(header(dead, DeadLetterHeaders.ERROR_REASON)).contains(reason);
        assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(CUSTOMERS.topic());
        assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo(Integer.toString(origin.partition()));
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(origin.offset()));
        assertThat(header(dead, DeadLetterHeaders.COLLECTION)).isEqualTo("customers");
        assertThat(header(dead, DeadLetterHeaders.ID)).isNotBlank();
    }

    private static void assertMetrics(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("mongo2pg_transformer_events_in_total{collection=\"customers\"} " + (2 * DOCUMENTS + 2) + ".0")
                .contains("mongo2pg_transformer_events_out_total{collection=\"customers\"} " + (2 * DOCUMENTS) + ".0")
                .contains("mongo2pg_transformer_dead_letters_total{collection=\"customers\"} 2.0")
                .contains("mongo2pg_transformer_processing_latency_seconds_count{collection=\"customers\"} "
                        + (2 * DOCUMENTS + 2))
                .containsPattern("mongo2pg_transformer_source_freshness_seconds\\{collection=\"customers\"} \\d");
    }

    private static TransformerService start(String stateDir) {
        TransformerConfig config = TransformerConfig.of(broker.bootstrapServers(), "it-transformer", PREFIX, DB)
                .withReplicationFactor(1).withCaptureMode(CaptureMode.CHANGE_STREAMS)
                .withClientOverrides(Map.of(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve(stateDir).toString()));
        TransformerService transformer = new TransformerService(config, TestData.sampleAnalyticsMapping());
        transformer.start(Duration.ofSeconds(60));
        return transformer;
    }

    /** Polls from the beginning until {@code count} committed records have arrived, then checks no more come. */
    private static List<ConsumerRecord<byte[], byte[]>> pollUntil(KafkaConsumer<byte[], byte[]> consumer, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.size() >= count;
        });
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        assertThat(records).as("exactly once: no duplicates").hasSize(count);
        return records;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, int partition, BsonValue id,
                                       String value) throws Exception {
        return producer.send(new ProducerRecord<>(CUSTOMERS.topic(), partition,
                DebeziumRecords.key(id).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    static String canonical(BsonValue id) {
        return ExtendedJson.canonical(id);
    }
}
