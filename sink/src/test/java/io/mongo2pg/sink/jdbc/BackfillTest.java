package io.mongo2pg.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.RowSet;
import io.mongo2pg.mapping.row.SourcePosition;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.batch.BatchResult;
import io.mongo2pg.sink.batch.SinkRecord;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill fast path against a real PostgreSQL, on the real sample_analytics documents: every test compares
 * the tables it loads with the same changes applied through the upsert path into a second database.
 */
class BackfillTest {
    private static final String CATALOG = "SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
            + "pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE connamespace = 'app'::regnamespace "
            + "UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'app' ORDER BY 1";

    private static PostgresFixture server;
    private static Mapping mapping;
    private static RelationalModel model;
    private static List<BsonDocument> customers;
    private static List<BsonDocument> accounts;
    private static int databases;

    private PostgresFixture pg;
    private PostgresFixture reference;
    private Normalizer normalizer;
    private long offset;

    @BeforeAll
    static void startPostgres() {
        server = PostgresFixture.start();
        mapping = SinkTestSupport.sampleAnalyticsMapping();
        model = RelationalModel.of(mapping);
        customers = SinkTestSupport.sampleAnalytics("customers");
        accounts = SinkTestSupport.sampleAnalytics("accounts");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        server.close();
    }

    @BeforeEach
    void freshDatabases() {
        databases++;
        pg = server.createDatabase("backfill_" + databases);
        reference = server.createDatabase("reference_" + databases);
        pg.reset(model);
        reference.reset(model);
        normalizer = new Normalizer(mapping);
        offset = 0;
    }

    @AfterEach
    void closeDatabases() throws Exception {
        pg.close();
        reference.close();
    }

    @Test
    void shouldLoadEmptyTablesByPlainCopyAndRebuildEveryKeyAndIndexWhenFinished() {
        List<String> catalogBefore = catalog(pg);
        RowSetBatchWriter writer = writer(pg);

        assertThat(writer.startBackfill()).containsExactlyInAnyOrder("accounts", "customers", "transactions");
        assertThat(pg.count("SELECT count(*) FROM pg_constraint WHERE connamespace = 'app'::regnamespace")).isZero();
        List<SinkRecord> first = upserts(customers.subList(0, 300), accounts.subList(0, 900));
        List<SinkRecord> second = upserts(customers.subList(300, 500), accounts.subList(900, accounts.size()));
        assertThat(writer.write(first).applied()).isEqualTo(1200);
        assertThat(writer.write(second).applied()).isEqualTo(customers.size() + accounts.size() - 1200);
        assertThat(writer.finishBackfill()).containsExactlyInAnyOrder("accounts", "customers", "transactions");

        assertThat(catalog(pg)).isEqualTo(catalogBefore);
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.backfill")).isZero();
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.backfill_objects")).isZero();
        writer(reference).write(first);
        writer(reference).write(second);
        assertSameTables();
        assertThat(writer.backfillingCollections()).isEmpty();
    }

    @Test
    void shouldEndTheBackfillInTheBatchThatChangesALoadedDocumentAndMergeIt() {
        RowSetBatchWriter writer = writer(pg);
        writer.startBackfill();
        List<SinkRecord> load = upserts(customers.subList(0, 50), List.of());
        writer.write(load);
        BsonDocument shrunk = customers.get(0).clone();
        shrunk.put("accounts", new BsonArray());
        shrunk.put("name", new BsonString("Changed"));
        List<SinkRecord> changes = List.of(upsert("customers", shrunk), delete("customers", customers.get(1)),
                upsert("customers", customers.get(60)));

        BatchResult result = writer.write(changes);

        assertThat(result.applied()).isEqualTo(3);
        assertThat(writer.backfillingCollections()).containsExactlyInAnyOrder("accounts", "transactions");
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.backfill WHERE collection = 'customers'")).isZero();
        assertThat(pg.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'app.customer_accounts'::regclass "
                + "AND contype = 'f'")).isEqualTo(1);
        writer(reference).write(load);
        writer(reference).write(changes);
        assertSameTables();
    }

    @Test
    void shouldTreatADeleteOfADocumentTheBackfillNeverLoadedAsDone() {
        RowSetBatchWriter writer = writer(pg);
        writer.startBackfill();

        BatchResult result = writer.write(List.of(delete("accounts", accounts.get(0)), upsert("accounts", accounts.get(1))));

        assertThat(result.applied()).isEqualTo(2);
        assertThat(writer.backfillingCollections()).contains("accounts");
        assertThat(pg.rows("SELECT _id FROM app.accounts")).extracting(r -> r.get("_id"))
                .containsExactly(accounts.get(1).getObjectId("_id").getValue().toHexString());
    }

    @Test
    void shouldEndABackfillACrashedWriterLeftBeforeWritingAnything() {
        RowSetBatchWriter crashed = writer(pg);
        crashed.startBackfill();
        List<SinkRecord> before = upserts(customers.subList(0, 40), accounts.subList(0, 40));
        crashed.write(before);
        // A new writer (a restarted sink) knows nothing of what the crashed one loaded: it must not COPY blindly.
        RowSetBatchWriter restarted = writer(pg);
        List<SinkRecord> again = upserts(customers.subList(20, 60), accounts.subList(20, 60));

        BatchResult result = restarted.write(again);

        assertThat(result.applied()).isEqualTo(80);
        assertThat(pg.count("SELECT count(*) FROM mongo2pg.backfill WHERE collection IN ('customers', 'accounts')")).isZero();
        // The crashed writer's memory is stale: the database tells it its backfill is over.
        List<SinkRecord> last = upserts(List.of(customers.get(0)), List.of());
        crashed.write(last);
        assertThat(crashed.backfillingCollections()).containsExactly("transactions");
        writer(reference).write(before);
        writer(reference).write(again);
        writer(reference).write(last);
        assertSameTables();
    }

    @Test
    void shouldKeepUniqueConstraintsDuringTheBackfillAndDeadLetterTheRowSetThatBreaksOne() {
        pg.execute("ALTER TABLE app.accounts ADD CONSTRAINT accounts_account_id_key UNIQUE (account_id)");
        RowSetBatchWriter writer = writer(pg);
        writer.startBackfill();
        List<BsonDocument> batch = new ArrayList<>(accounts.subList(0, 20));
        BsonDocument duplicate = accounts.get(30).clone();
        duplicate.put("account_id", accounts.get(5).get("account_id"));
        batch.add(12, duplicate);

        BatchResult result = writer.write(upserts(List.of(), batch));

        assertThat(result.applied()).isEqualTo(20);
        assertThat(result.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.sqlstate()).isEqualTo("23505");
            assertThat(d.reason()).contains("accounts_account_id_key");
        });
        assertThat(writer.backfillingCollections()).contains("accounts");
        writer.finishBackfill();
        assertThat(pg.count("SELECT count(*) FROM app.accounts")).isEqualTo(20);
    }

    @Test
    void shouldNotBackfillTablesThatHoldRows() {
        writer(pg).write(upserts(List.of(), accounts.subList(0, 1)));

        assertThat(writer(pg).startBackfill()).containsExactlyInAnyOrder("customers", "transactions");
        assertThat(pg.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'app.accounts'::regclass")).isEqualTo(1);
    }

    private RowSetBatchWriter writer(PostgresFixture database) {
        return RowSetBatchWriter.builder(database.dataSource(), model).schema(SinkTestSupport.SCHEMA)
                .retry(SinkTestSupport.fastRetry()).build();
    }

    private List<SinkRecord> upserts(List<BsonDocument> customerDocs, List<BsonDocument> accountDocs) {
        List<SinkRecord> records = new ArrayList<>();
        customerDocs.forEach(c -> records.add(upsert("customers", c)));
        accountDocs.forEach(a -> records.add(upsert("accounts", a)));
        return records;
    }

    private SinkRecord upsert(String collection, BsonDocument document) {
        return SinkRecord.change("m2p.rows." + collection, 0, offset++, normalizer.upsert(collection, document,
                new SourcePosition(collection, 1_000 + offset, 0, true, null)));
    }

    private SinkRecord delete(String collection, BsonDocument document) {
        return SinkRecord.change("m2p.rows." + collection, 0, offset++, RowSet.delete(collection, document.get("_id"),
                new SourcePosition(collection, 1_000 + offset, 0, false, null)));
    }

    private void assertSameTables() {
        for (TableDef table : model.allTables()) {
            assertThat(pg.table(table.name())).as(table.name()).isEqualTo(reference.table(table.name()));
        }
        assertThat(pg.count("SELECT count(*) FROM app.customers")).isPositive();
        assertThat(pg.rows("SELECT collection, source_ts_ms FROM mongo2pg.progress ORDER BY 1"))
                .isEqualTo(reference.rows("SELECT collection, source_ts_ms FROM mongo2pg.progress ORDER BY 1"));
    }

    private static List<String> catalog(PostgresFixture database) {
        return database.rows(CATALOG).stream().map(r -> (String) r.get("d")).toList();
    }
}
