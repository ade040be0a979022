package io.mongo2pg.cli.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.cli.verify.ConfigFiles;
import io.mongo2pg.cli.verify.DocumentLoader;
import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.embedded.mongo.EmbeddedMongoSource;
import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.model.MappingLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mongo2pg cutover check} and {@code finalize} on a real Kafka broker, PostgreSQL and the Mongo-compatible
 * source: no-go for a dangling reference and for lag over the threshold, go once fixed, then the foreign key created
 * and validated.
 */
class CutoverCommandTest {
    private static final String MAPPING = """
            collections:
              customers:
                columns: {name: {type: text}}
              orders:
                columns:
                  total: {type: integer}
                  customer: {type: objectid, references: customers._id}
            """;

    private static EmbeddedMongoSource mongo;
    private static EmbeddedPostgresServer postgres;
    private static EmbeddedKafkaBroker kafka;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongoSource.start();
        postgres = EmbeddedPostgresServer.start();
        kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable server : new AutoCloseable[] {kafka, postgres, mongo}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // the next one is still closed
            }
        }
    }

    @Test
    void shouldSayNoGoUntilReferencesHoldAndLagIsUnderThresholdThenFinalizeTheForeignKeys() throws Exception {
        Path config = ConfigFiles.write(dir, "shop", MAPPING, mongo.connectionString(), "shop", postgres.jdbcUrl(),
                postgres.user(), "shop", kafka.bootstrapServers(), "co");
        DocumentLoader loader = new DocumentLoader(mongo.client(), "shop", postgres.dataSource(), "shop",
                MappingLoader.load(dir.resolve("shop-mapping.yml")));
        ObjectId alice = new ObjectId();
        ObjectId ghost = new ObjectId();
        loader.load("customers", List.of(customer(alice, "alice"), customer(new ObjectId(), "bob")));
        BsonDocument orphan = order(ghost, 3);
        loader.load("orders", List.of(order(alice, 10), order(alice, 20), orphan));

        Result noGo = run("cutover", "check", "--config", config.toString());
        assertThat(noGo.exit()).as(noGo.err()).isEqualTo(1);
        assertThat(noGo.out()).containsPattern("dangling references +NO-GO +1 value\\(s\\)")
                .containsPattern("foreign keys \\(dry run\\) +NO-GO")
                .containsPattern("lag transformer \\(co-transformer\\) +GO +0 records")
                .contains("would fail: ALTER TABLE \"shop\".\"orders\" VALIDATE CONSTRAINT",
                        "dangling: orders.customer = " + ghost.toHexString(), "cutover: NO-GO");
        assertThat(constraintValidated()).isNull();

        mongo.client().getDatabase("shop").getCollection("orders", BsonDocument.class)
                .deleteOne(new BsonDocument("_id", orphan.get("_id")));
        execute("DELETE FROM shop.orders WHERE customer = ?", ghost.toHexString());
        produceChanges("co.shop.orders", 3);

        Result lagging = run("cutover", "check", "--config", config.toString());
        assertThat(lagging.exit()).isEqualTo(1);
        assertThat(lagging.out()).containsPattern("lag transformer \\(co-transformer\\) +NO-GO +3 records +<= 0")
                .containsPattern("dangling references +GO").containsPattern("verify documents +GO")
                .containsPattern("foreign keys \\(dry run\\) +GO");

        Result go = run("cutover", "check", "--max-lag-records", "3", "--sample", "2", "--config", config.toString());
        assertThat(go.exit()).as(go.out() + go.err()).isZero();
        assertThat(go.out()).containsPattern("freshness orders +GO").containsPattern("verify documents \\(sample 2\\) +GO")
                .endsWith("cutover: GO\n");

        Result finalized = run("cutover", "finalize", "--config", config.toString());
        assertThat(finalized.exit()).as(finalized.out()).isZero();
        assertThat(finalized.out()).contains("cutover: 1 foreign key(s) created and validated");
        assertThat(constraintValidated()).isTrue();
        assertThat(run("cutover", "finalize", "--config", config.toString()).exit()).isZero(); // re-runnable
    }

    private static BsonDocument customer(ObjectId id, String name) {
        return new BsonDocument("_id", new BsonObjectId(id)).append("name", new BsonString(name));
    }

    private static BsonDocument order(ObjectId customer, int total) {
        return new BsonDocument("_id", new BsonObjectId(new ObjectId())).append("total", new BsonInt32(total))
                .append("customer", new BsonObjectId(customer));
    }

    /** Change events the transformer has not read: lag on its group. */
    private static void produceChanges(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "{}")).get();
            }
        }
    }

    private static Boolean constraintValidated() throws Exception {
        try (Connection c = postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT convalidated FROM pg_constraint WHERE conname = ?")) {
            ps.setString(1, "orders_customer_fkey");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    private static void execute(String sql, String value) throws Exception {
        try (Connection c = postgres.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = io.mongo2pg.cli.Mongo2pgCommand.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }
}
