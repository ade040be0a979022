package io.mongo2pg.bench.sink;

import io.mongo2pg.mapping.ddl.DdlGenerator;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.row.Row;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.bson.BsonDocument;

/**
 * The reference point: Debezium's JDBC sink connector in a real (embedded) Kafka Connect worker, upsert mode,
 * fed the same rows as flat records, one topic per table, with as many tasks as the mongo2pg sink has partitions.
 */
record DebeziumJdbcRun(EmbeddedConnectCluster connect, RelationalModel model, Normalizer normalizer) {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    /**
     * Produces the documents' rows to {@code <topicPrefix>_<table>} and times the connector until PostgreSQL
     * holds all the rows in the same tables the mongo2pg sink writes (all topics of one table, whatever the
     * prefix, are routed to the same table, so a second run with updated documents takes the update path).
     */
    BenchResult run(String name, String topicPrefix, String jdbcUrl, String user, int tasks, int batchSize,
                    List<BsonDocument> documents) throws Exception {
        List<TableDef> tables = model.forCollection("customers").all().stream()
                .filter(t -> t.name().equals("customers") || t.name().equals("customer_accounts")).toList();
        long rows = produce(topicPrefix, tables, tasks, documents);
        createTables(jdbcUrl);
        long start = System.nanoTime();
        connect.configureConnector("jdbc-" + topicPrefix, connectorConfig(topicPrefix, tables, jdbcUrl, user, tasks,
                batchSize));
        awaitRows(jdbcUrl, tables, name, documents.size(), rows);
        long nanos = System.nanoTime() - start;
        connect.deleteConnector("jdbc-" + topicPrefix);
        return new BenchResult(name, rows, nanos);
    }

    /**
     * The same tables, keys and indexes the mongo2pg sink gets, created up front: left to itself, the connector's
     * tasks race to create a table and the loser's first batch was lost (seen here: 4 of 2,000 documents missing).
     * Only the child-to-root foreign key is dropped, because the connector writes each table on its own and a
     * link row may arrive before its root.
     */
    private void createTables(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (String ddl : new DdlGenerator("public").createStatements(model)) {
                s.execute(ddl);
            }
            s.execute("ALTER TABLE customer_accounts DROP CONSTRAINT IF EXISTS customer_accounts__root_id_fkey");
        }
    }

    private long produce(String topicPrefix, List<TableDef> tables, int partitions, List<BsonDocument> documents)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
            admin.createTopics(tables.stream().map(t -> new NewTopic(topicPrefix + "_" + t.name(), partitions, (short) 1))
                    .toList()).all().get();
        }
        Map<String, FlatRecords> flat = new HashMap<>();
        tables.forEach(t -> flat.put(t.name(), new FlatRecords(t)));
        long rows = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                connect.kafka().bootstrapServers(), "linger.ms", 20, "batch.size", 512 * 1024, "compression.type", "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (BsonDocument doc : documents) {
                for (Row row : normalizer.normalize("customers", doc)) {
                    FlatRecords records = flat.get(row.table());
                    if (records != null) {
                        producer.send(new ProducerRecord<>(topicPrefix + "_" + row.table(), records.key(row),
                                records.value(row)));
                        rows++;
                    }
                }
            }
            producer.flush();
        }
        return rows;
    }

    private static Map<String, String> connectorConfig(String topicPrefix, List<TableDef> tables, String jdbcUrl,
                                                       String user, int tasks, int batchSize) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", String.join(",", tables.stream().map(t -> topicPrefix + "_" + t.name()).toList()));
        config.put("transforms", "toTable");
        config.put("transforms.toTable.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.toTable.regex", topicPrefix + "_(.*)");
        config.put("transforms.toTable.replacement", "$1");
        config.put("connection.url", jdbcUrl);
        config.put("connection.username", user);
        config.put("connection.password", "");
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_key");
        config.put("schema.evolution", "basic");
        config.put("quote.identifiers", "true");
        config.put("batch.size", String.valueOf(batchSize));
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "true");
        config.put("value.converter.schemas.enable", "true");
        config.put("consumer.override.max.poll.records", String.valueOf(batchSize));
        return config;
    }

    /**
     * Done when every root row carries this run's version (the update run changes every email) and the
     * table sizes are right; upserts leave the row count unchanged, so counting alone cannot tell.
     */
    private static void awaitRows(String jdbcUrl, List<TableDef> tables, String name, int documents, long rows)
            throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String total = String.join(" + ", tables.stream().map(t -> "(SELECT count(*) FROM \"" + t.name() + "\")")
                .toList());
        boolean update = name.contains("update");
        String rootsDone = "SELECT count(*) FROM customers WHERE email LIKE 'updated_%'";
        String linksDone = "SELECT count(*) FROM customer_accounts WHERE _ord = 0 AND account_id >= 900000";
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            while (System.nanoTime() < deadline) {
                boolean finished = update ? count(c, rootsDone) >= documents && count(c, linksDone) >= documents
                        : count(c, "SELECT " + total) >= rows;
                if (finished) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The Debezium JDBC sink did not write " + rows + " rows within " + LIMIT);
    }

    private static long count(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return 0; // the connector creates its tables with its first batch
        }
    }
}
