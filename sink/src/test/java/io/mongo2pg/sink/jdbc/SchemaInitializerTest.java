package io.mongo2pg.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.sink.PostgresFixture;
import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.batch.BatchResult.PartitionKey;
import io.mongo2pg.sink.error.SinkException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaInitializerTest {
    private static PostgresFixture pg;
    private static final RelationalModel MODEL = RelationalModel.of(SinkTestSupport.sampleAnalyticsMapping());

    @BeforeAll
    static void startPostgres() {
        pg = PostgresFixture.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void shouldCreateMappedAndControlTablesIdempotently() {
        SchemaInitializer initializer = new SchemaInitializer(pg.dataSource(), "app", SinkTestSupport.fastRetry());

        initializer.initialize(MODEL);
        initializer.initialize(MODEL);

        assertThat(pg.rows("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables "
                + "WHERE table_schema IN ('app', 'mongo2pg') ORDER BY 1")).extracting(r -> r.get("t")).containsExactly(
                "app.accounts", "app.customer_accounts", "app.customers", "app.transaction_items", "app.transactions",
                "mongo2pg.backfill", "mongo2pg.backfill_objects", "mongo2pg.dead_letters", "mongo2pg.offsets",
                "mongo2pg.progress");
        assertThat(pg.count("SELECT count(*) FROM information_schema.referential_constraints "
                + "WHERE constraint_schema = 'app' AND delete_rule = 'CASCADE'")).isEqualTo(2);
    }

    @Test
    void shouldKeepThePositionsOfAnOffsetsTableOfVersion01AsTheUpgradedSinksOwn() {
        pg.execute("CREATE SCHEMA IF NOT EXISTS mongo2pg", "DROP TABLE IF EXISTS mongo2pg.offsets",
                "CREATE TABLE mongo2pg.offsets (topic text NOT NULL, partition integer NOT NULL,"
                        + " next_offset bigint NOT NULL, PRIMARY KEY (topic, partition))",
                "INSERT INTO mongo2pg.offsets VALUES ('rows.customers', 0, 120), ('rows.customers', 1, 7)");
        PartitionKey p0 = new PartitionKey("rows.customers", 0);
        PartitionKey p1 = new PartitionKey("rows.customers", 1);

        new SchemaInitializer(pg.dataSource(), "upgraded", SinkTestSupport.fastRetry()).initialize(MODEL);
        new SchemaInitializer(pg.dataSource(), "upgraded", SinkTestSupport.fastRetry()).initialize(MODEL);
        new SchemaInitializer(pg.dataSource(), "green", SinkTestSupport.fastRetry()).initialize(MODEL);

        assertThat(offsets("upgraded", p0, p1)).containsOnly(Map.entry(p0, 120L), Map.entry(p1, 7L));
        assertThat(offsets("green", p0, p1)).isEmpty();
        // The key is (target_schema, topic, partition) now: another schema's sink has its own row of partition 0.
        pg.execute("INSERT INTO mongo2pg.offsets (target_schema, topic, partition, next_offset)"
                + " VALUES ('green', 'rows.customers', 0, 5)");
        assertThat(offsets("green", p0, p1)).containsOnly(Map.entry(p0, 5L));
        assertThat(offsets("upgraded", p0, p1)).containsOnly(Map.entry(p0, 120L), Map.entry(p1, 7L));
        assertThatThrownBy(() -> pg.execute("INSERT INTO mongo2pg.offsets (target_schema, topic, partition,"
                + " next_offset) VALUES ('green', 'rows.customers', 0, 6)")).hasMessageContaining("duplicate key");
    }

    private static Map<PartitionKey, Long> offsets(String schema, PartitionKey... partitions) {
        return new OffsetStore(pg.dataSource(), schema, SinkTestSupport.fastRetry()).nextOffsets(List.of(partitions));
    }

    @Test
    void shouldExplainWhyTablesCannotBeCreated() {
        pg.execute("DROP SCHEMA IF EXISTS clash CASCADE", "CREATE SCHEMA clash",
                "CREATE TABLE clash.accounts (x int)");
        SchemaInitializer initializer = new SchemaInitializer(pg.dataSource(), "clash", SinkTestSupport.fastRetry());

        assertThatThrownBy(() -> initializer.initialize(MODEL)).isInstanceOf(SinkException.class)
                .hasMessageContaining("schema 'clash' do not match the mapping")
                .hasMessageContaining("accounts._id: missing (expected text)")
                .hasMessageContaining("accounts.limit: missing (expected integer)")
                .hasMessageContaining("mongo2pg schema diff --mapping <mapping> --postgres <url> --schema clash");
        assertThat(pg.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'clash'")).isEqualTo(1);
    }

    @Test
    void shouldRefuseExistingColumnOfAnotherType() {
        pg.execute("DROP SCHEMA IF EXISTS typed CASCADE", "CREATE SCHEMA typed",
                "CREATE TABLE typed.customers (_id text PRIMARY KEY, username text, name text, address text,"
                        + " birthdate timestamp, email text, active boolean, tier_and_details json, _extra jsonb)");
        SchemaInitializer initializer = new SchemaInitializer(pg.dataSource(), "typed", SinkTestSupport.fastRetry());

        assertThatThrownBy(() -> initializer.initialize(MODEL)).isInstanceOf(SinkException.class)
                .hasMessageContaining("customers.birthdate: is timestamp without time zone, expected timestamp with time zone")
                .hasMessageContaining("customers.tier_and_details: is json, expected jsonb");
    }
}
