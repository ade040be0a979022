package io.mongo2pg.embedded.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongo2pg.connectors.capture.CaptureEngineException;
import io.mongo2pg.connectors.capture.CaptureFailure;
import io.mongo2pg.connectors.capture.DebeziumKafkaPublisher;
import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.embedded.kafka.TopicReader;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Debezium MongoDB connector, run by {@link DebeziumKafkaPublisher} in the embedded engine, capturing the
 * in-process Mongo-compatible source and publishing to a real Kafka broker.
 */
class DebeziumKafkaPublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DB = "shop";

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedMongoSource mongo;

    @BeforeAll
    static void startServers() {
        kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
        mongo = EmbeddedMongoSource.start();
    }

    @AfterAll
    static void stopServers() {
        if (mongo != null) {
            mongo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldPublishSnapshotThenChangesAndResumeFromStoredOffsets() throws Exception {
        MongoDatabase db = mongo.client().getDatabase(DB);
        MongoCollection<Document> orders = db.getCollection("orders");
        MongoCollection<Document> customers = db.getCollection("customers");
        orders.insertMany(List.of(order("o1", 10), order("o2", 20), order("o3", 30)));
        customers.insertOne(new Document("_id", "c1").append("name", "Ada"));
        MongoCaptureConfig capture = MongoCaptureConfig
                .of(mongo.connectionString(), "m2p", DB, List.of("orders", "customers"), dataDir.resolve("offsets"))
                .withCollectionOverrides(mongo::connectorOverrides);

        try (TopicReader orderTopic = new TopicReader(kafka.bootstrapServers(), "m2p.shop.orders");
             TopicReader customerTopic = new TopicReader(kafka.bootstrapServers(), "m2p.shop.customers")) {
            try (DebeziumKafkaPublisher publisher = DebeziumKafkaPublisher.start(capture, kafka.bootstrapServers())) {
                assertThat(publisher.engineNames()).containsExactly("m2p.shop.orders", "m2p.shop.customers");
                awaitOpsAndIds(orderTopic, "r:o1", "r:o2", "r:o3");

                orders.insertOne(order("o4", 40));
                orders.updateOne(Filters.eq("_id", "o1"), Updates.set("total", 11));
                orders.replaceOne(Filters.eq("_id", "o2"),
                        new Document("_id", "o2").append("total", 22).append("note", "replaced"));
                orders.deleteOne(Filters.eq("_id", "o3"));

                List<ConsumerRecord<String, String>> records = awaitOpsAndIds(orderTopic,
                        "r:o1", "r:o2", "r:o3", "c:o4", "u:o1", "u:o2", "d:o3", "tombstone:o3");
                assertThat(ChangeEvents.after(records.get(4)).path("total").asInt()).isEqualTo(11);
                assertThat(ChangeEvents.after(records.get(4)).path("customer").asText()).isEqualTo("Grace");
                assertThat(ChangeEvents.after(records.get(5)).path("note").asText()).isEqualTo("replaced");
                assertThat(ChangeEvents.after(records.get(5)).has("customer")).isFalse();
                awaitOpsAndIds(customerTopic, "r:c1");
                assertThat(publisher.failure()).isEmpty();
            }

            orders.insertOne(order("o5", 50));
            customers.insertOne(new Document("_id", "c2").append("name", "Linus"));
            try (DebeziumKafkaPublisher resumed = DebeziumKafkaPublisher.start(capture, kafka.bootstrapServers())) {
                awaitOpsAndIds(orderTopic,
                        "r:o1", "r:o2", "r:o3", "c:o4", "u:o1", "u:o2", "d:o3", "tombstone:o3", "c:o5");
                awaitOpsAndIds(customerTopic, "r:c1", "c:c2");
                assertThat(resumed.failure()).isEmpty();
            }
        }
    }

    @Test
    void shouldFailTheStartWithTheEngineAndDebeziumsReasonWhenTheConnectorRejectsItsConfiguration() {
        MongoCaptureConfig capture = MongoCaptureConfig
                .of(mongo.connectionString(), "broken", DB, List.of("orders"), dataDir.resolve("broken-offsets"))
                .withOverrides(Map.of("snapshot.mode", "sometimes"))
                .withCollectionOverrides(mongo::connectorOverrides);

        assertThatThrownBy(() -> DebeziumKafkaPublisher.start(capture, kafka.bootstrapServers()))
                .isInstanceOf(CaptureEngineException.class)
                .hasMessageContaining("Debezium engine 'broken.shop.orders' failed")
                .hasMessageContaining("The 'snapshot.mode' value is invalid");
    }

    @Test
    void shouldReportAnEngineThatStopsBecauseKafkaRejectsItsRecords() throws Exception {
        mongo.client().getDatabase("tiny").getCollection("items").insertOne(order("t1", 1));
        MongoCaptureConfig capture = MongoCaptureConfig
                .of(mongo.connectionString(), "tiny", "tiny", List.of("items"), dataDir.resolve("tiny-offsets"))
                .withCollectionOverrides(mongo::connectorOverrides);
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100);

        DebeziumKafkaPublisher publisher = DebeziumKafkaPublisher.start(capture, producerConfig, TIMEOUT);
        CaptureFailure failure = publisher.firstFailure().toCompletableFuture().get(TIMEOUT.toSeconds(), SECONDS);

        assertThat(failure.engineName()).isEqualTo("tiny.tiny.items");
        assertThat(publisher.failure()).contains(failure);
        assertThatThrownBy(publisher::close)
                .isInstanceOf(CaptureEngineException.class)
                .hasMessageContaining("Debezium engine 'tiny.tiny.items' failed")
                .hasStackTraceContaining("could not publish the change of key")
                .hasStackTraceContaining("to topic tiny.tiny.items");
    }

    /**
     * Waits until the topic holds exactly these events. Anything re-emitted or duplicated would be published before
     * the last expected event (snapshots precede streaming, the topic has one partition), so an exact match at
     * that point proves there is nothing extra, without waiting for "nothing else arrives".
     */
    private static List<ConsumerRecord<String, String>> awaitOpsAndIds(TopicReader topic, String... expected) {
        String last = expected[expected.length - 1];
        await().atMost(TIMEOUT).until(() -> topic.poll().stream().map(ChangeEvents::opAndId).anyMatch(last::equals));
        List<ConsumerRecord<String, String>> records = topic.poll();
        assertThat(records).extracting(ChangeEvents::opAndId).containsExactly(expected);
        return records;
    }

    private static Document order(String id, int total) {
        return new Document("_id", id).append("total", total).append("customer", "Grace");
    }
}
