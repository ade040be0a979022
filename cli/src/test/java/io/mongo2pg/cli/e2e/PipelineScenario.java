package io.mongo2pg.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongo2pg.cli.runtime.PipelineSettings;
import io.mongo2pg.cli.runtime.SingleProcessPipeline;
import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.value.ExtendedJsonFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton's end-to-end scenario, through the real Debezium MongoDB connector, a real Kafka
 * broker, the real transformer and sink, and a real PostgreSQL: load sample_analytics, then change documents
 * in every way an application does and check the exact rows after each step, then restart the pipeline.
 * Subclasses supply the MongoDB source and PostgreSQL; the steps run in order and build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PipelineScenario {
    static final String DB = "sample_analytics";
    static final Duration LANDS_WITHIN = Duration.ofSeconds(90);
    static final ObjectId NEW_CUSTOMER = new ObjectId("65f000000000000000000001");
    static final ObjectId BUCKET = new ObjectId("65f000000000000000000002");
    static final ObjectId WHILE_DOWN = new ObjectId("65f000000000000000000003");

    private Path work;
    private EmbeddedKafkaBroker kafka;
    private SingleProcessPipeline pipeline;
    private Mapping mapping;
    Postgres pg;

    /** Starts the MongoDB source and PostgreSQL (or skips the class, saying why, where they cannot run). */
    protected abstract void startSources();

    protected abstract MongoClient mongo();

    protected abstract String mongoConnectionString();

    /** Extra Debezium settings per (database, collection), e.g. the Mongo-compatible source's adaptations. */
    protected abstract BiFunction<String, String, Map<String, String>> captureOverrides();

    protected abstract Postgres postgres();

    /** Stops the source and PostgreSQL, after the pipeline that uses them has stopped. */
    protected abstract void stopSources();

    @BeforeAll
    void startPipeline() throws Exception {
        startSources();
        work = Files.createTempDirectory("mongo2pg-e2e");
        mapping = MappingLoader.load(projectRoot().resolve("examples/sample_analytics.yml"));
        pg = postgres();
        seed("accounts", "sample_analytics/accounts.json");
        seed("customers", "sample_analytics/customers.json");
        kafka = EmbeddedKafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
        pipeline = startPipelineProcess();
    }

    @AfterAll
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        stopSources();
    }

    @Test
    @Order(1)
    void shouldLandTheWholeSnapshotWithLinkRows() {
        awaitRows("SELECT count(*) FROM accounts", 1746);
        awaitRows("SELECT count(*) FROM customers", 500);
        awaitRows("SELECT count(*) FROM customer_accounts", totalAccountReferences());
        assertThat(pg.rows("SELECT account_id, \"limit\", products FROM accounts WHERE _id = ?", "5ca4bbc7a2dd94ee5816238c")
                .get(0)).extracting(String::valueOf).containsExactly("371138", "9000", "{Derivatives,InvestmentStock}");
        assertThat(linkedAccounts("5ca4bbcea2dd94ee58162a68")).containsExactly(371138, 324287, 276528, 332179, 422649, 387979);
        assertThat(pg.count("SELECT (extract(epoch FROM birthdate) * 1000)::bigint FROM customers WHERE _id = ?",
                "5ca4bbcea2dd94ee58162a68")).isEqualTo(226117231000L);
    }

    @Test
    @Order(2)
    void shouldInsertNewDocumentWithItsLinksAndKeepUnmappedFieldsInExtra() {
        customers().insertOne(new BsonDocument("_id", new BsonObjectId(NEW_CUSTOMER))
                .append("username", new BsonString("newbie")).append("name", new BsonString("Nova Newman"))
                .append("accounts", new BsonArray(List.of(new BsonInt32(371138), new BsonInt32(557378))))
                .append("referral", new BsonDocument("code", new BsonString("SPRING")).append("n", new BsonInt32(2))));

        awaitRows("SELECT count(*) FROM customers WHERE _id = '" + NEW_CUSTOMER.toHexString() + "'", 1);
        assertThat(pg.rows("SELECT username, name, referral_code, _extra::text FROM customers WHERE _id = ?",
                NEW_CUSTOMER.toHexString()).get(0))
                .containsExactly("newbie", "Nova Newman", "SPRING", "{\"referral\": {\"n\": {\"$numberInt\": \"2\"}}}");
        assertThat(linkedAccounts(NEW_CUSTOMER.toHexString())).containsExactly(371138, 557378);
    }

    @Test
    @Order(3)
    void shouldUpdateScalarColumn() {
        accounts().updateOne(Filters.eq("_id", new ObjectId("5ca4bbc7a2dd94ee5816238c")), Updates.set("limit", 12345));

        awaitRows("SELECT count(*) FROM accounts WHERE _id = '5ca4bbc7a2dd94ee5816238c' AND \"limit\" = 12345", 1);
        assertThat(pg.count("SELECT count(*) FROM accounts")).isEqualTo(1746);
    }

    @Test
    @Order(4)
    void shouldAddLinkRowWhenArrayGrows() {
        customers().updateOne(Filters.eq("_id", NEW_CUSTOMER), Updates.push("accounts", 999999));

        awaitLinks(NEW_CUSTOMER.toHexString(), List.of(371138, 557378, 999999));
    }

    @Test
    @Order(5)
    void shouldRemoveLinkRowsOfRemovedElementsWhenArrayShrinks() {
        customers().updateOne(Filters.eq("_id", NEW_CUSTOMER), Updates.pull("accounts", 371138));

        awaitLinks(NEW_CUSTOMER.toHexString(), List.of(557378, 999999));
        assertThat(pg.rows("SELECT _ord FROM customer_accounts WHERE _root_id = ? ORDER BY _ord", NEW_CUSTOMER.toHexString()))
                .extracting(r -> r.get(0)).containsExactly(0, 1);
    }

    @Test
    @Order(6)
    void shouldReplaceChildRowsWhenArrayOfSubdocumentsShrinks() {
        transactions().insertOne(bucket(5));
        awaitRows("SELECT count(*) FROM transaction_items WHERE _root_id = '" + BUCKET.toHexString() + "'", 5);

        transactions().updateOne(Filters.eq("_id", BUCKET), Updates.popLast("transactions"));
        transactions().updateOne(Filters.eq("_id", BUCKET), Updates.popLast("transactions"));
        transactions().updateOne(Filters.eq("_id", BUCKET), Updates.set("transaction_count", 3));

        awaitRows("SELECT count(*) FROM transactions WHERE _id = '" + BUCKET.toHexString() + "' AND transaction_count = 3", 1);
        assertThat(pg.rows("SELECT _ord, amount, symbol FROM transaction_items WHERE _root_id = ? ORDER BY _ord",
                BUCKET.toHexString())).containsExactly(List.of(0, 100, "sym0"), List.of(1, 101, "sym1"), List.of(2, 102, "sym2"));
    }

    @Test
    @Order(7)
    void shouldReplaceWholeDocumentDroppingLinksItNoLongerHas() {
        customers().replaceOne(Filters.eq("_id", NEW_CUSTOMER), new BsonDocument("_id", new BsonObjectId(NEW_CUSTOMER))
                .append("username", new BsonString("renamed")).append("vip", new BsonString("yes")));

        awaitRows("SELECT count(*) FROM customers WHERE _id = '" + NEW_CUSTOMER.toHexString() + "' AND username = 'renamed'", 1);
        assertThat(pg.rows("SELECT name, _extra::text FROM customers WHERE _id = ?", NEW_CUSTOMER.toHexString()).get(0))
                .containsExactly(null, "{\"vip\": \"yes\"}");
        assertThat(linkedAccounts(NEW_CUSTOMER.toHexString())).isEmpty();
    }

    @Test
    @Order(8)
    void shouldDeleteDocumentAndCascadeToItsChildRows() {
        transactions().deleteOne(Filters.eq("_id", BUCKET));
        customers().deleteOne(Filters.eq("_id", new ObjectId("5ca4bbcea2dd94ee58162a68")));

        awaitRows("SELECT count(*) FROM transactions WHERE _id = '" + BUCKET.toHexString() + "'", 0);
        awaitRows("SELECT count(*) FROM customers WHERE _id = '5ca4bbcea2dd94ee58162a68'", 0);
        assertThat(pg.count("SELECT count(*) FROM transaction_items WHERE _root_id = ?", BUCKET.toHexString())).isZero();
        assertThat(linkedAccounts("5ca4bbcea2dd94ee58162a68")).isEmpty();
    }

    @Test
    @Order(9)
    void shouldResumeAfterRestartWithoutLosingOrDuplicatingAnything() throws Exception {
        pipeline.close();
        pipeline = null;
        customers().insertOne(new BsonDocument("_id", new BsonObjectId(WHILE_DOWN)).append("username", new BsonString("late"))
                .append("accounts", new BsonArray(List.of(new BsonInt32(443178)))));
        accounts().updateOne(Filters.eq("account_id", 557378), Updates.set("limit", 777));

        pipeline = startPipelineProcess();

        awaitLinks(WHILE_DOWN.toHexString(), List.of(443178));
        awaitRows("SELECT count(*) FROM accounts WHERE account_id = 557378 AND \"limit\" = 777", 1);
        assertPostgresMatchesMongo();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
    }

    /** Every document of every collection, compared field by field with what PostgreSQL holds. */
    private void assertPostgresMatchesMongo() {
        Map<String, List<Integer>> mongoLinks = new HashMap<>();
        customers().find().forEach(c -> mongoLinks.put(c.getObjectId("_id").getValue().toHexString(), c.containsKey("accounts")
                ? c.getArray("accounts").stream().map(v -> v.asInt32().getValue()).toList() : List.of()));
        Map<String, List<Integer>> pgLinks = new HashMap<>();
        pg.rows("SELECT _id FROM customers").forEach(r -> pgLinks.put((String) r.get(0), new ArrayList<>()));
        pg.rows("SELECT _root_id, account_id FROM customer_accounts ORDER BY _root_id, _ord")
                .forEach(r -> pgLinks.get((String) r.get(0)).add((Integer) r.get(1)));
        assertThat(pgLinks).isEqualTo(mongoLinks);

        Map<String, Integer> mongoLimits = new HashMap<>();
        accounts().find().forEach(a -> mongoLimits.put(a.getObjectId("_id").getValue().toHexString(), a.getInt32("limit").getValue()));
        Map<String, Integer> pgLimits = new HashMap<>();
        pg.rows("SELECT _id, \"limit\" FROM accounts").forEach(r -> pgLimits.put((String) r.get(0), (Integer) r.get(1)));
        assertThat(pgLimits).isEqualTo(mongoLimits);
        assertThat(pg.count("SELECT count(*) FROM transactions")).isEqualTo(transactions().countDocuments());
    }

    private SingleProcessPipeline startPipelineProcess() throws Exception {
        PipelineSettings settings = new PipelineSettings(mapping, "m2p", DB, kafka.bootstrapServers(), pg.jdbcUrl(),
                pg.user(), pg.password(), "public", work.resolve("streams"), 3, (short) 1);
        MongoCaptureConfig capture = MongoCaptureConfig.of(mongoConnectionString(), "m2p", DB, mapping.collectionNames(),
                work.resolve("offsets")).withCollectionOverrides(captureOverrides());
        return SingleProcessPipeline.start(settings, capture);
    }

    private void seed(String collection, String file) {
        Path path = projectRoot().resolve("../shared/data/mongodb-samples").resolve(file).normalize();
        database().getCollection(collection, BsonDocument.class).insertMany(ExtendedJsonFile.readAll(path));
    }

    private static BsonDocument bucket(int items) {
        BsonArray transactions = new BsonArray();
        for (int i = 0; i < items; i++) {
            transactions.add(new BsonDocument("date", new BsonDateTime(1_200_000_000_000L + i * 86_400_000L))
                    .append("amount", new BsonInt32(100 + i)).append("transaction_code", new BsonString(i % 2 == 0 ? "buy" : "sell"))
                    .append("symbol", new BsonString("sym" + i)).append("price", new BsonString("10." + i))
                    .append("total", new BsonString(String.valueOf(1000 + i))));
        }
        return new BsonDocument("_id", new BsonObjectId(BUCKET)).append("account_id", new BsonInt32(443178))
                .append("transaction_count", new BsonInt32(items)).append("transactions", transactions);
    }

    private long totalAccountReferences() {
        long total = 0;
        for (BsonDocument customer : customers().find()) {
            BsonValue accounts = customer.get("accounts");
            total += accounts == null ? 0 : accounts.asArray().size();
        }
        return total;
    }

    private List<Object> linkedAccounts(String customerId) {
        return pg.rows("SELECT account_id FROM customer_accounts WHERE _root_id = ? ORDER BY _ord", customerId).stream()
                .map(r -> r.get(0)).toList();
    }

    private void awaitLinks(String customerId, List<Integer> expected) {
        await().atMost(LANDS_WITHIN).untilAsserted(() -> assertThat(linkedAccounts(customerId))
                .containsExactlyElementsOf(new ArrayList<Object>(expected)));
    }

    private void awaitRows(String countSql, long expected) {
        await().atMost(LANDS_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            pipelineFailure();
            assertThat(pg.count(countSql)).as(countSql).isEqualTo(expected);
        });
    }

    /** Fails the wait at once, with the cause, when a part of the pipeline has died. */
    private void pipelineFailure() {
        if (pipeline != null) {
            pipeline.sink().failure().ifPresent(f -> {
                throw new AssertionError("sink failed", f);
            });
            pipeline.publisher().failure().ifPresent(f -> {
                throw new AssertionError("capture failed: " + f);
            });
        }
    }

    private MongoDatabase database() {
        return mongo().getDatabase(DB);
    }

    private MongoCollection<BsonDocument> accounts() {
        return database().getCollection("accounts", BsonDocument.class);
    }

    private MongoCollection<BsonDocument> customers() {
        return database().getCollection("customers", BsonDocument.class);
    }

    private MongoCollection<BsonDocument> transactions() {
        return database().getCollection("transactions", BsonDocument.class);
    }

    private static Path projectRoot() {
        return Projects.root();
    }
}
