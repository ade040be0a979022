package io.mongo2pg.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.batch.DeadLetter;
import io.mongo2pg.sink.batch.RecordPosition;
import io.mongo2pg.sink.batch.SinkRecord;
import io.mongo2pg.sink.error.SinkException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer against a real PostgreSQL, fed with real sample_analytics documents. */
class RowSetBatchWriterTest {
    private static final String CUSTOMERS = "m2p.rows.customers";
    private static final String ACCOUNTS = "m2p.rows.accounts";
    private static final String TRANSACTIONS = "m2p.rows.transactions";

    private static PostgresFixture pg;
    private static Mapping mapping;
    private static RelationalModel model;
    private static List<BsonDocument> customers;
    private static List<BsonDocument> accounts;

    private RowSetBatchWriter writer;
    private Normalizer normalizer;
    private long nextOffset;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresFixture.start();
        mapping = SinkTestSupport.sampleAnalyticsMapping();
        model = RelationalModel.of(mapping);
        customers = SinkTestSupport.sampleAnalytics("customers");
        accounts = SinkTestSupport.sampleAnalytics("accounts");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void freshTables() {
        pg.reset(model);
        writer = new RowSetBatchWriter(pg.dataSource(), model, SinkTestSupport.SCHEMA, SinkTestSupport.fastRetry());
        normalizer = new Normalizer(mapping);
        nextOffset = 0;
    }

    @Test
    void shouldUpsertRootAndLinkRowsOfRealCustomer() {
        BsonDocument customer = customers.get(0);

        BatchResult result = writer.write(List.of(upsert(CUSTOMERS, "customers", customer)));

        assertThat(result.applied()).isEqualTo(1);
        Map<String, Object> row = pg.rows("SELECT * FROM app.customers").get(0);
        assertThat(row.get("_id")).isEqualTo(customer.getObjectId("_id").getValue().toHexString());
        assertThat(row.get("username")).isEqualTo(customer.getString("username").getValue());
        assertThat(row.get("address")).isEqualTo(customer.getString("address").getValue());
        assertThat(row.get("active")).isEqualTo(true);
        assertThat(pg.count("SELECT (extract(epoch FROM birthdate) * 1000)::bigint FROM app.customers"))
                .isEqualTo(customer.getDateTime("birthdate").getValue());
        assertThat(pg.rows("SELECT tier_and_details #>> '{0df078f33aa74a2e9696e0520c1a828a,tier}' AS tier FROM app.customers")
                .get(0).get("tier")).isEqualTo("Bronze");
        List<Object> linked = pg.rows("SELECT account_id FROM app.customer_accounts ORDER BY _ord").stream()
                .map(r -> r.get("account_id")).toList();
        assertThat(linked).containsExactlyElementsOf(customer.getArray("accounts").stream()
                .map(v -> (Object) v.asInt32().getValue()).toList());
        assertThat(pg.count("SELECT count(DISTINCT _root_id) FROM app.customer_accounts")).isEqualTo(1);
    }

    @Test
    void shouldStoreCustomerBornBefore1970() {
        BsonDocument customer = customers.stream().filter(c -> c.getDateTime("birthdate").getValue() < 0)
                .findFirst().orElseThrow();

        writer.write(List.of(upsert(CUSTOMERS, "customers", customer)));

        OffsetDateTime expected = OffsetDateTime.ofInstant(Instant.ofEpochMilli(customer.getDateTime("birthdate")
                .getValue()), ZoneOffset.UTC);
        Map<String, Object> row = pg.rows("SELECT birthdate AT TIME ZONE 'UTC' AS b FROM app.customers").get(0);
        assertThat(row.get("b").toString()).isEqualTo(java.sql.Timestamp.valueOf(expected.toLocalDateTime()).toString());
    }

    @Test
    void shouldProduceIdenticalTablesWhenTheSameRowSetsAreAppliedTwice() {
        List<SinkRecord> batch = new ArrayList<>();
        customers.subList(0, 100).forEach(c -> batch.add(upsert(CUSTOMERS, "customers", c)));
        accounts.subList(0, 100).forEach(a -> batch.add(upsert(ACCOUNTS, "accounts", a)));
        writer.write(batch);
        List<String> customersBefore = pg.table("customers");
        List<String> linksBefore = pg.table("customer_accounts");
        List<String> accountsBefore = pg.table("accounts");

        List<SinkRecord> replay = batch.stream().map(r -> redeliver((SinkRecord.Change) r)).toList();
        BatchResult result = writer.write(replay);

        assertThat(result.applied()).isEqualTo(200);
        assertThat(pg.table("customers")).hasSize(100).isEqualTo(customersBefore);
        assertThat(pg.table("customer_accounts")).isEqualTo(linksBefore);
        assertThat(pg.table("accounts")).hasSize(100).isEqualTo(accountsBefore);
    }

    @Test
    void shouldSkipRecordsAlreadyAppliedWhenTheSameOffsetsArriveAgain() {
        List<SinkRecord> batch = List.of(upsert(ACCOUNTS, "accounts", accounts.get(0)),
                upsert(ACCOUNTS, "accounts", accounts.get(1)));
        writer.write(batch);
        List<String> before = pg.table("accounts");

        BatchResult again = writer.write(batch);

        assertThat(again.applied()).isZero();
        assertThat(again.skipped()).isEqualTo(2);
        assertThat(pg.table("accounts")).isEqualTo(before);
        assertThat(pg.count("SELECT next_offset FROM mongo2pg.offsets")).isEqualTo(2);
    }

    @Test
    void shouldApplyAPartitionsFirstBatchOnceWhenTwoWritersRaceForIt() throws Exception {
        List<SinkRecord> batch = List.of(upsert(ACCOUNTS, "accounts", accounts.get(0)),
                upsert(ACCOUNTS, "accounts", accounts.get(1)));
        RowSetBatchWriter other = new RowSetBatchWriter(pg.dataSource(), model, SinkTestSupport.SCHEMA,
                SinkTestSupport.fastRetry());
        BatchResult first;
        BatchResult second;
        try (Connection blocker = DriverManager.getConnection(pg.jdbcUrl());
             Connection watcher = DriverManager.getConnection(pg.jdbcUrl())) {
            // The partition has no offset row yet: both writers find nothing stored. Hold the first one inside its
            // transaction (after it read the offsets) until the second one has started its own.
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE app.accounts IN SHARE MODE");
            CompletableFuture<BatchResult> firstWrite = CompletableFuture.supplyAsync(() -> writer.write(batch));
            await().atMost(Duration.ofSeconds(30)).until(() -> writersWaitingOnLocks(watcher) == 1);
            CompletableFuture<BatchResult> secondWrite = CompletableFuture.supplyAsync(() -> other.write(batch));
            await().atMost(Duration.ofSeconds(30)).until(() -> writersWaitingOnLocks(watcher) == 2);
            blocker.rollback();
            first = firstWrite.get(30, TimeUnit.SECONDS);
            second = secondWrite.get(30, TimeUnit.SECONDS);
        }

        assertThat(first.applied() + second.applied()).as("applied by either writer").isEqualTo(2);
        assertThat(first.skipped() + second.skipped()).as("skipped as already applied").isEqualTo(2);
        assertThat(pg.count("SELECT next_offset FROM mongo2pg.offsets")).isEqualTo(2);
    }

    @Test
    void shouldKeepTheLastChangeWhenADocumentRepeatsInOneBatch() {
        BsonDocument first = customers.get(0);
        BsonDocument second = first.clone();
        second.put("name", new BsonString("Elizabeth Ray-Smith"));
        second.put("accounts", new BsonArray(List.of(new BsonInt32(371138))));

        BatchResult result = writer.write(List.of(upsert(CUSTOMERS, "customers", first),
                upsert(CUSTOMERS, "customers", second)));

        assertThat(result.applied()).isEqualTo(1);
        assertThat(result.superseded()).isEqualTo(1);
        assertThat(pg.rows("SELECT name FROM app.customers")).extracting(r -> r.get("name"))
                .containsExactly("Elizabeth Ray-Smith");
        assertThat(pg.rows("SELECT account_id FROM app.customer_accounts")).extracting(r -> r.get("account_id"))
                .containsExactly(371138);
    }

    @Test
    void shouldApplyDeleteThenReinsertInOneBatch() {
        BsonDocument customer = customers.get(1);
        writer.write(List.of(upsert(CUSTOMERS, "customers", customer)));
        BsonDocument reinserted = customer.clone();
        reinserted.put("email", new BsonString("new@example.com"));
        reinserted.put("accounts", new BsonArray(List.of(new BsonInt32(1), new BsonInt32(2))));

        writer.write(List.of(delete(CUSTOMERS, "customers", customer), upsert(CUSTOMERS, "customers", reinserted)));

        assertThat(pg.rows("SELECT email FROM app.customers")).extracting(r -> r.get("email"))
                .containsExactly("new@example.com");
        assertThat(pg.rows("SELECT account_id FROM app.customer_accounts ORDER BY _ord"))
                .extracting(r -> r.get("account_id")).containsExactly(1, 2);
    }

    @Test
    void shouldDeleteWhenUpsertIsFollowedByDeleteInOneBatch() {
        BsonDocument customer = customers.get(2);

        writer.write(List.of(upsert(CUSTOMERS, "customers", customer), delete(CUSTOMERS, "customers", customer)));

        assertThat(pg.count("SELECT count(*) FROM app.customers")).isZero();
        assertThat(pg.count("SELECT count(*) FROM app.customer_accounts")).isZero();
    }

    @Test
    void shouldReplaceLinkRowsWhenArrayShrinksAndEmpties() {
        BsonDocument customer = customers.get(0);
        BsonDocument other = customers.get(3);
        writer.write(List.of(upsert(CUSTOMERS, "customers", customer), upsert(CUSTOMERS, "customers", other)));
        long otherLinks = other.getArray("accounts").size();
        BsonDocument shrunk = customer.clone();
        shrunk.put("accounts", new BsonArray(List.of(new BsonInt32(324287), new BsonInt32(371138))));

        writer.write(List.of(upsert(CUSTOMERS, "customers", shrunk)));

        assertThat(pg.rows("SELECT _ord, account_id FROM app.customer_accounts WHERE _root_id = '"
                + hex(customer) + "' ORDER BY _ord")).containsExactly(Map.of("_ord", 0, "account_id", 324287),
                Map.of("_ord", 1, "account_id", 371138));

        BsonDocument empty = customer.clone();
        empty.put("accounts", new BsonArray());
        writer.write(List.of(upsert(CUSTOMERS, "customers", empty)));

        assertThat(pg.count("SELECT count(*) FROM app.customer_accounts WHERE _root_id = '" + hex(customer) + "'")).isZero();
        assertThat(pg.count("SELECT count(*) FROM app.customer_accounts")).isEqualTo(otherLinks);
    }

    @Test
    void shouldReplaceChildRowsWhenArrayShrinks() {
        BsonDocument bucket = transactionBucket(3);
        writer.write(List.of(upsert(TRANSACTIONS, "transactions", bucket)));
        assertThat(pg.count("SELECT count(*) FROM app.transaction_items")).isEqualTo(3);

        writer.write(List.of(upsert(TRANSACTIONS, "transactions", transactionBucket(1))));

        assertThat(pg.rows("SELECT _ord, amount, symbol FROM app.transaction_items"))
                .containsExactly(Map.of("_ord", 0, "amount", 100, "symbol", "sym0"));
        assertThat(pg.rows("SELECT transaction_count FROM app.transactions")).extracting(r -> r.get("transaction_count"))
                .containsExactly(1);
    }

    @Test
    void shouldRewriteOnlyTheDependentRowsAnUpdateChanged() {
        BsonDocument customer = customers.get(0);
        writer.write(List.of(upsert(CUSTOMERS, "customers", customer), upsert(TRANSACTIONS, "transactions",
                transactionBucket(3))));
        Map<Object, Object> linkVersions = versions("SELECT _ord, xmin::text AS v FROM app.customer_accounts");
        Map<Object, Object> itemVersions = versions("SELECT _ord, xmin::text AS v FROM app.transaction_items");
        BsonDocument changed = customer.clone();
        changed.getArray("accounts").set(1, new BsonInt32(1));
        BsonDocument bucket = transactionBucket(3);
        bucket.getArray("transactions").get(2).asDocument().put("amount", new BsonInt32(-5));

        writer.write(List.of(upsert(CUSTOMERS, "customers", changed), upsert(TRANSACTIONS, "transactions", bucket),
                upsert(CUSTOMERS, "customers", customers.get(4))));

        List<Object> linked = pg.rows("SELECT account_id FROM app.customer_accounts WHERE _root_id = '" + hex(customer)
                + "' ORDER BY _ord").stream().map(r -> r.get("account_id")).toList();
        assertThat(linked).containsExactlyElementsOf(changed.getArray("accounts").stream()
                .map(v -> (Object) v.asInt32().getValue()).toList());
        Map<Object, Object> linksAfter = versions("SELECT _ord, xmin::text AS v FROM app.customer_accounts WHERE "
                + "_root_id = '" + hex(customer) + "'");
        linkVersions.forEach((ord, version) -> assertThat(linksAfter.get(ord)).as("link row %s", ord)
                .matches(v -> ord.equals(1) != v.equals(version)));
        assertThat(pg.rows("SELECT amount FROM app.transaction_items ORDER BY _ord")).extracting(r -> r.get("amount"))
                .containsExactly(100, 101, -5);
        Map<Object, Object> itemsAfter = versions("SELECT _ord, xmin::text AS v FROM app.transaction_items");
        itemVersions.forEach((ord, version) -> assertThat(itemsAfter.get(ord)).as("item row %s", ord)
                .matches(v -> ord.equals(2) != v.equals(version)));
        assertThat(pg.count("SELECT count(*) FROM app.customers")).isEqualTo(2);
    }

    private static Map<Object, Object> versions(String sql) {
        Map<Object, Object> versions = new java.util.HashMap<>();
        pg.rows(sql).forEach(r -> versions.put(r.get("_ord"), r.get("v")));
        return versions;
    }

    @Test
    void shouldCascadeDeleteToChildAndLinkRows() {
        BsonDocument customer = customers.get(0);
        BsonDocument bucket = transactionBucket(2);
        writer.write(List.of(upsert(CUSTOMERS, "customers", customer), upsert(TRANSACTIONS, "transactions", bucket),
                upsert(CUSTOMERS, "customers", customers.get(5))));

        writer.write(List.of(delete(CUSTOMERS, "customers", customer), delete(TRANSACTIONS, "transactions", bucket)));

        assertThat(pg.count("SELECT count(*) FROM app.customers")).isEqualTo(1);
        assertThat(pg.count("SELECT count(*) FROM app.customer_accounts WHERE _root_id = '" + hex(customer) + "'")).isZero();
        assertThat(pg.count("SELECT count(*) FROM app.customer_accounts")).isEqualTo(customers.get(5).getArray("accounts").size());
        assertThat(pg.count("SELECT count(*) FROM app.transactions")).isZero();
        assertThat(pg.count("SELECT count(*) FROM app.transaction_items")).isZero();
    }

    @Test
    void shouldTreatDeleteOfUnknownDocumentAsDone() {
        BatchResult result = writer.write(List.of(delete(CUSTOMERS, "customers", customers.get(7))));

        assertThat(result.applied()).isEqualTo(1);
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void shouldWriteOffsetsAndProgressWithTheBatch() {
        List<SinkRecord> batch = List.of(
                change(CUSTOMERS, 0, 10, normalizer.upsert("customers", customers.get(0), source("customers", 5_000))),
                change(CUSTOMERS, 1, 3, normalizer.upsert("customers", customers.get(1), source("customers", 9_000))),
                change(CUSTOMERS, 0, 11, normalizer.upsert("customers", customers.get(2), source("customers", 7_000))),
                change(ACCOUNTS, 0, 42, normalizer.upsert("accounts", accounts.get(0), source("accounts", 1_000))));

        BatchResult result = writer.write(batch);

        assertThat(result.nextOffsets()).containsOnly(Map.entry(new PartitionKey(CUSTOMERS, 0), 12L),
                Map.entry(new PartitionKey(CUSTOMERS, 1), 4L), Map.entry(new PartitionKey(ACCOUNTS, 0), 43L));
        assertThat(pg.rows("SELECT topic, partition, next_offset FROM mongo2pg.offsets ORDER BY topic, partition"))
                .containsExactly(Map.of("topic", ACCOUNTS, "partition", 0, "next_offset", 43L),
                        Map.of("topic", CUSTOMERS, "partition", 0, "next_offset", 12L),
                        Map.of("topic", CUSTOMERS, "partition", 1, "next_offset", 4L));
        assertThat(pg.rows("SELECT collection, source_ts_ms FROM mongo2pg.progress ORDER BY collection"))
                .containsExactly(Map.of("collection", "accounts", "source_ts_ms", 1_000L),
                        Map.of("collection", "customers", "source_ts_ms", 9_000L));
        assertThat(new OffsetStore(pg.dataSource(), SinkTestSupport.SCHEMA, SinkTestSupport.fastRetry())
                .nextOffsets(List.of(new PartitionKey(CUSTOMERS, 1), new PartitionKey(CUSTOMERS, 7))))
                .containsOnly(Map.entry(new PartitionKey(CUSTOMERS, 1), 4L));
    }

    @Test
    void shouldNeverMoveProgressBack() {
        writer.write(List.of(change(CUSTOMERS, 0, 0, normalizer.upsert("customers", customers.get(0),
                source("customers", 9_000)))));

        writer.write(List.of(change(CUSTOMERS, 1, 0, normalizer.upsert("customers", customers.get(1),
                source("customers", 2_000)))));

        assertThat(pg.count("SELECT source_ts_ms FROM mongo2pg.progress")).isEqualTo(9_000);
    }

    @Test
    void shouldCommitNothingWhenTheControlTablesCannotBeWritten() {
        pg.execute("ALTER TABLE mongo2pg.progress ADD CONSTRAINT no_progress CHECK (source_ts_ms < 0)");

        assertThatThrownBy(() -> writer.write(List.of(upsert(CUSTOMERS, "customers", customers.get(0)))))
                .isInstanceOf(SinkException.class).hasMessageContaining("no_progress").hasMessageContaining("23514");

        assertThat(pg.count("SELECT count(*) FROM app.customers")).isZero();
        assertThat(pg.count("SELECT count(*) FROM app.customer_accounts")).isZero();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.offsets")).isZero();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
    }

    @Test
    void shouldDeadLetterTheRowSetPostgresRefusesAndApplyTheRest() {
        pg.execute("ALTER TABLE app.accounts ADD CONSTRAINT accounts_limit_positive CHECK (\"limit\" > 0)");
        List<SinkRecord> batch = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            BsonDocument account = accounts.get(i).clone();
            if (i == 23) {
                account.put("limit", new BsonInt32(-1));
            }
            batch.add(upsert(ACCOUNTS, "accounts", account));
        }

        BatchResult result = writer.write(batch);

        assertThat(result.applied()).isEqualTo(36);
        assertThat(result.deadLetters()).hasSize(1);
        assertThat(pg.count("SELECT count(*) FROM app.accounts")).isEqualTo(36);
        Map<String, Object> dead = pg.rows("SELECT * FROM mongo2pg.dead_letters").get(0);
        assertThat(dead.get("topic")).isEqualTo(ACCOUNTS);
        assertThat(dead.get("kafka_offset")).isEqualTo(23L);
        assertThat(dead.get("collection")).isEqualTo("accounts");
        assertThat(dead.get("document_id")).isEqualTo("{\"$oid\": \"" + hex(accounts.get(23)) + "\"}");
        assertThat(dead.get("sqlstate")).isEqualTo("23514");
        assertThat((String) dead.get("reason")).contains("accounts_limit_positive");
        assertThat((String) dead.get("payload")).contains("\"limit\": {\"$numberInt\": \"-1\"}");
        assertThat(pg.count("SELECT next_offset FROM mongo2pg.offsets")).isEqualTo(37);
    }

    @Test
    void shouldIsolateSeveralBadRowSetsAmongGoodOnes() {
        pg.execute("ALTER TABLE app.accounts ADD CONSTRAINT accounts_account_id_key UNIQUE (account_id)");
        List<SinkRecord> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            BsonDocument account = accounts.get(i).clone();
            if (i == 3 || i == 12) {
                account.put("account_id", accounts.get(0).get("account_id"));
            }
            batch.add(upsert(ACCOUNTS, "accounts", account));
        }

        BatchResult result = writer.write(batch);

        assertThat(result.deadLetters()).extracting(d -> d.position().offset()).containsExactlyInAnyOrder(3L, 12L);
        assertThat(result.deadLetters()).extracting(DeadLetter::sqlstate).containsOnly("23505");
        assertThat(pg.count("SELECT count(*) FROM app.accounts")).isEqualTo(14);
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.dead_letters")).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterValueOfWrongTypeWithoutSendingIt() {
        RowSet good = normalizer.upsert("accounts", accounts.get(0), source("accounts", 1));
        BsonDocument root = good.rows().get(0).values().clone();
        root.put("limit", new BsonString("ten thousand"));
        RowSet bad = new RowSet("accounts", good.op(), good.id(), good.source(), List.of(new Row("accounts", root)));

        BatchResult result = writer.write(List.of(change(ACCOUNTS, 0, 0, bad),
                change(ACCOUNTS, 0, 1, normalizer.upsert("accounts", accounts.get(1), source("accounts", 2)))));

        assertThat(result.applied()).isEqualTo(1);
        Map<String, Object> dead = pg.rows("SELECT * FROM mongo2pg.dead_letters").get(0);
        assertThat(dead.get("sqlstate")).isEqualTo("42804");
        assertThat((String) dead.get("reason")).contains("accounts.limit").contains("\"ten thousand\"")
                .contains("expected integer");
        assertThat(pg.count("SELECT count(*) FROM app.accounts")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterRowSetWithRowOfAnotherDocument() {
        RowSet customer = normalizer.upsert("customers", customers.get(0), source("customers", 1));
        RowSet other = normalizer.upsert("customers", customers.get(1), source("customers", 1));
        List<Row> mixed = new ArrayList<>(customer.rows());
        mixed.add(other.rows().get(1));
        RowSet bad = new RowSet("customers", customer.op(), customer.id(), customer.source(), mixed);

        BatchResult result = writer.write(List.of(change(CUSTOMERS, 0, 0, bad)));

        assertThat(result.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).contains("_root_id").contains(hex(customers.get(1)));
            assertThat(d.sqlstate()).isEqualTo("22000");
        });
        assertThat(pg.count("SELECT count(*) FROM app.customers")).isZero();
    }

    @Test
    void shouldDeadLetterRejectedRecordsAndAdvanceOffsetsPastTombstones() {
        DeadLetter undecodable = new DeadLetter(new RecordPosition(CUSTOMERS, 0, 0), "customers", null,
                "not a RowSet\0", null, "garbage");

        BatchResult result = writer.write(List.of(new SinkRecord.Rejected(undecodable),
                new SinkRecord.Tombstone(new RecordPosition(CUSTOMERS, 0, 1))));

        assertThat(result.skipped()).isEqualTo(1);
        assertThat(pg.rows("SELECT reason, sqlstate, payload FROM mongo2pg.dead_letters"))
                .containsExactly(new java.util.HashMap<>(Map.of("reason", "not a RowSet\\u0000", "payload", "garbage")) {{
                    put("sqlstate", null);
                }});
        assertThat(pg.count("SELECT next_offset FROM mongo2pg.offsets")).isEqualTo(2);
    }

    @Test
    void shouldStopInsteadOfDeadLetteringEverythingWhenATableIsMissing() {
        pg.execute("DROP TABLE app.customer_accounts");

        assertThatThrownBy(() -> writer.write(List.of(upsert(CUSTOMERS, "customers", customers.get(0)),
                upsert(CUSTOMERS, "customers", customers.get(1))))).isInstanceOf(SinkException.class)
                .hasMessageContaining("42P01").hasMessageContaining("customer_accounts")
                .hasMessageContaining("nothing dead-lettered");

        assertThat(pg.count("SELECT count(*) FROM app.customers")).isZero();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.offsets")).isZero();
    }

    @Test
    void shouldRetryTransientErrorsAndApplyOnce() {
        failNextInserts("40001", 2);

        BatchResult result = writer.write(List.of(upsert(ACCOUNTS, "accounts", accounts.get(0))));

        assertThat(result.applied()).isEqualTo(1);
        assertThat(pg.count("SELECT count(*) FROM app.accounts")).isEqualTo(1);
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.dead_letters")).isZero();
    }

    @Test
    void shouldFailLoudlyWhenTransientErrorsOutlastTheRetries() {
        failNextInserts("40P01", 1_000);

        assertThatThrownBy(() -> writer.write(List.of(upsert(ACCOUNTS, "accounts", accounts.get(0)))))
                .isInstanceOf(SinkException.class).hasMessageContaining("after 3 attempts")
                .hasMessageContaining("40P01").hasMessageContaining("simulated");

        assertThat(pg.count("SELECT count(*) FROM app.accounts")).isZero();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.offsets")).isZero();
    }

    /** A trigger that fails the next {@code times} inserts into accounts with {@code sqlState}; a sequence counts. */
    private static void failNextInserts(String sqlState, int times) {
        pg.execute("CREATE SEQUENCE app.failures",
                "CREATE FUNCTION app.fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "IF nextval('app.failures') <= " + times + " THEN "
                        + "RAISE EXCEPTION 'simulated transient error' USING ERRCODE = '" + sqlState + "'; END IF; "
                        + "RETURN NEW; END $$",
                "CREATE TRIGGER fail BEFORE INSERT ON app.accounts FOR EACH ROW EXECUTE FUNCTION app.fail()");
    }

    private static long writersWaitingOnLocks(Connection watcher) throws SQLException {
        try (Statement st = watcher.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE application_name = 'mongo2pg-sink' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private SinkRecord upsert(String topic, String collection, BsonDocument document) {
        return change(topic, 0, nextOffset++, normalizer.upsert(collection, document, source(collection, 1_000)));
    }

    private SinkRecord delete(String topic, String collection, BsonDocument document) {
        return change(topic, 0, nextOffset++, RowSet.delete(collection, document.get("_id"), source(collection, 2_000)));
    }

    private SinkRecord redeliver(SinkRecord.Change change) {
        return change(change.position().topic(), change.position().partition(), nextOffset++, change.rowSet());
    }

    private static SinkRecord change(String topic, int partition, long offset, RowSet rowSet) {
        return SinkRecord.change(topic, partition, offset, rowSet);
    }

    private static SourcePosition source(String collection, long tsMs) {
        return new SourcePosition(collection, tsMs, 0, false, null);
    }

    private static String hex(BsonDocument document) {
        return document.getObjectId("_id").getValue().toHexString();
    }

    /** A transactions bucket shaped like sample_analytics.transactions, with {@code n} items. */
    private static BsonDocument transactionBucket(int n) {
        BsonArray items = new BsonArray();
        for (int i = 0; i < n; i++) {
            items.add(new BsonDocument("date", new BsonDateTime(-86_400_000L * (i + 1)))
                    .append("amount", new BsonInt32(100 + i))
                    .append("transaction_code", new BsonString(i % 2 == 0 ? "buy" : "sell"))
                    .append("symbol", new BsonString("sym" + i))
                    .append("price", new BsonString("12.345678901234567"))
                    .append("total", new BsonString("1234.5678901234567")));
        }
        return new BsonDocument("_id", new BsonObjectId(new ObjectId("5ca4bbc1a2dd94ee58161cb1")))
                .append("account_id", new BsonInt32(443178))
                .append("transaction_count", new BsonInt32(n))
                .append("bucket_start_date", new BsonDateTime(-28_800_000L))
                .append("bucket_end_date", new BsonDateTime(1_483_142_400_000L))
                .append("transactions", items)
                .append("note", new BsonInt64(7));
    }
}
