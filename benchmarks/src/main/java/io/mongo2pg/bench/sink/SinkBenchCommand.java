package io.mongo2pg.bench.sink;

import io.mongo2pg.embedded.postgres.EmbeddedPostgresServer;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.mapping.normalize.Normalizer;
import io.mongo2pg.mapping.schema.RelationalModel;
import io.mongo2pg.mapping.schema.TableDef;
import io.mongo2pg.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.bson.BsonDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Loads the same sample-shaped rows into one real PostgreSQL several ways in one run and reports rows/s and
 * ratios: COPY without and with keys (the physical limits), the mongo2pg sink on its backfill, insert and update
 * paths, and Debezium's JDBC sink connector in a Kafka Connect worker at the same parallelism.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Sink throughput against COPY and the Debezium JDBC sink, on an embedded PostgreSQL and Kafka.")
public final class SinkBenchCommand implements Callable<Integer> {
    @Option(names = "--documents", defaultValue = "223000",
            description = "Customer documents (each a root row and ~3.5 link rows; default ${DEFAULT-VALUE} = ~1M rows).")
    private int documents;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions per topic = connector tasks (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--batch-size", defaultValue = "5000", description = "Sink and connector batch size (default ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--mapping", defaultValue = "examples/sample_analytics.yml", description = "Mapping file.")
    private Path mappingFile;

    @Option(names = "--customers", defaultValue = "../shared/data/mongodb-samples/sample_analytics/customers.json",
            description = "The real documents to cycle through.")
    private Path customersFile;

    @Option(names = "--skip-debezium", description = "Leave out the Debezium JDBC sink runs.")
    private boolean skipDebezium;

    @Option(names = "--formats", defaultValue = "json,avro", split = ",",
            description = "RowSet encodings on the row topics, each measured on all three sink paths: json (canonical "
                    + "Extended JSON), avro (single-object encoding) (default ${DEFAULT-VALUE}).")
    private List<String> formatNames;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Measured rounds of every sink path and COPY baseline; the report gives medians and each "
                    + "round's ratios (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "1",
            description = "Unmeasured full-size rounds first, so the measured ones see JIT-compiled code as a "
                    + "long-running sink does: a smaller warm-up left the JIT compiler using a core during the first "
                    + "measured run (default ${DEFAULT-VALUE}).")
    private int warmupRounds;

    @Option(names = "--insert-path-option", defaultValue = "backfill=off", paramLabel = "KEY=VALUE",
            description = "Sink setting that turns the COPY backfill path off, for the insert-path run (default ${DEFAULT-VALUE}).")
    private String insertPathOption;

    @Option(names = "--paths", defaultValue = "backfill,insert,update", split = ",",
            description = "Sink paths to report: backfill, insert, update (default ${DEFAULT-VALUE}). The insert path "
                    + "always runs, since it loads the rows the update path and the COPY baselines use.")
    private Set<SinkPath> paths;

    /** The sink's three ways of writing, each measured on its own topic and database. */
    enum SinkPath {
        BACKFILL, INSERT, UPDATE
    }

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<RowSetTopicWriter.Format> formats = formats();
        Mapping mapping = MappingLoader.load(mappingFile);
        RelationalModel model = RelationalModel.of(mapping);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("bench").numWorkers(1).numBrokers(1)
                .build();
        connect.start();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            BenchDatabases dbs = new BenchDatabases(pg);
            String bootstrap = connect.kafka().bootstrapServers();
            RowSetTopicWriter topics = new RowSetTopicWriter(bootstrap, mapping);
            long rows = writeTopics(topics, formats);
            SinkPaths sinkPaths = new SinkPaths(sinkRun(bootstrap, mapping, Map.of()),
                    sinkRun(bootstrap, mapping, option(insertPathOption)), dbs, documents, rows);
            CopyBaseline copy = new CopyBaseline(model, tablesOf(model));
            RoundResults results = new RoundResults();
            for (int round = 1 - warmupRounds; round <= rounds; round++) {
                String tag = round < 1 ? "w" + (round + warmupRounds) : "r" + round;
                List<Measured> measured = new ArrayList<>();
                for (RowSetTopicWriter.Format format : formats) {
                    measured.addAll(sinkPaths.run(format, tag, copy.isDumped() ? null : copy));
                }
                for (CopyBaseline.Format format : CopyBaseline.Format.values()) {
                    measured.add(copyRun(copy, dbs, format, false, tag));
                    measured.add(copyRun(copy, dbs, format, true, tag));
                }
                out.printf("round %s: %s%n", tag, measured.stream().map(m -> String.format("%s %,.0f rows/s",
                        m.result().name(), m.result().throughput())).toList());
                out.flush();
                if (round >= 1) {
                    measured.forEach(results::add);
                }
            }
            if (!skipDebezium) {
                debeziumRuns(connect, model, mapping, dbs, pg.user()).forEach(results::add);
            }
            new BenchReport(results, dbs.settings(), documents, partitions, batchSize, warmupRounds).print(out);
        } finally {
            connect.stop();
        }
        return 0;
    }

    /**
     * Writes the row topics once, for all rounds; returns the rows of the inserts. The documents are not kept: a
     * heap holding ~450k of them made the garbage collector's concurrent marking take a third of a core during the
     * measured runs, a cost a sink process does not have.
     */
    private long writeTopics(RowSetTopicWriter topics, List<RowSetTopicWriter.Format> formats) throws Exception {
        BenchDocuments docs = BenchDocuments.fromSamples(customersFile, documents);
        List<BsonDocument> inserts = docs.all(false);
        List<BsonDocument> updates = paths.contains(SinkPath.UPDATE) ? docs.all(true) : List.of();
        long rows = 0;
        for (RowSetTopicWriter.Format format : formats) {
            if (paths.contains(SinkPath.BACKFILL)) {
                topics.write(SinkConfig.rowsTopic("bf_" + format.label(), "customers"), partitions, inserts, format);
            }
            rows = topics.write(SinkConfig.rowsTopic("ins_" + format.label(), "customers"), partitions, inserts, format);
            if (paths.contains(SinkPath.UPDATE)) {
                topics.write(SinkConfig.rowsTopic("upd_" + format.label(), "customers"), partitions, updates, format);
            }
        }
        return rows;
    }

    /** Debezium's JDBC sink once, after the rounds: each of its runs takes tens of seconds, which warms it up. */
    private List<Measured> debeziumRuns(EmbeddedConnectCluster connect, RelationalModel model, Mapping mapping,
                                        BenchDatabases dbs, String user) throws Exception {
        BenchDocuments docs = BenchDocuments.fromSamples(customersFile, documents); // the same documents again
        List<BsonDocument> inserts = docs.all(false);
        List<BsonDocument> updates = docs.all(true);
        DebeziumJdbcRun debezium = new DebeziumJdbcRun(connect, model, new Normalizer(mapping));
        String dbzDb = dbs.create("debezium_jdbc");
        return List.of(
                measure(() -> debezium.run("Debezium JDBC sink, insert", "ins", dbzDb, user, partitions, batchSize, inserts)),
                measure(() -> debezium.run("Debezium JDBC sink, update", "upd", dbzDb, user, partitions, batchSize, updates)));
    }

    private static Measured copyRun(CopyBaseline copy, BenchDatabases dbs, CopyBaseline.Format format,
                                    boolean withKeys, String tag) throws Exception {
        String label = format.name().toLowerCase(Locale.ROOT);
        String database = (withKeys ? "copy_keys_" : "copy_bare_") + label + "_" + tag;
        Measured measured = measure(() -> copy.run("COPY " + label + (withKeys ? ", with keys and indexes" : ", no indexes"),
                dbs.create(database), format, withKeys));
        dbs.drop(database);
        return measured;
    }

    /** The sink's runs of one round: backfill, then inserts and updates on the upsert path, each on a fresh database. */
    private final class SinkPaths {
        private final Mongo2pgSinkRun backfillSink;
        private final Mongo2pgSinkRun upsertSink;
        private final BenchDatabases dbs;
        private final int count;
        private final long rows;

        SinkPaths(Mongo2pgSinkRun backfillSink, Mongo2pgSinkRun upsertSink, BenchDatabases dbs, int count, long rows) {
            this.backfillSink = backfillSink;
            this.upsertSink = upsertSink;
            this.dbs = dbs;
            this.count = count;
            this.rows = rows;
        }

        /** @param dumpTo when not null, the COPY baselines' rows are dumped from this round's insert database */
        List<Measured> run(RowSetTopicWriter.Format format, String tag, CopyBaseline dumpTo) throws Exception {
            String label = format.label();
            List<Measured> results = new ArrayList<>();
            if (paths.contains(SinkPath.BACKFILL)) {
                results.add(sinkRun(backfillSink, "mongo2pg sink, backfill path, " + label, "bf_" + label,
                        "m2p_backfill_" + label + "_" + tag, true));
            }
            // The insert run also loads the database that the update run updates and the COPY baselines come from.
            String insertDb = "m2p_upsert_" + label + "_" + tag;
            Measured insertRun = sinkRun(upsertSink, "mongo2pg sink, insert path, " + label, "ins_" + label, insertDb,
                    false);
            if (paths.contains(SinkPath.INSERT)) {
                results.add(insertRun);
            }
            if (paths.contains(SinkPath.UPDATE)) {
                results.add(measure(() -> upsertSink.run("mongo2pg sink, update path, " + label, "upd_" + label,
                        insertDb + "_upd", dbs.jdbcUrl(insertDb), count, rows)));
            }
            if (dumpTo != null) {
                dumpTo.dumpFrom(dbs.jdbcUrl(insertDb));
            }
            dbs.drop(insertDb);
            return results;
        }

        private Measured sinkRun(Mongo2pgSinkRun sink, String name, String topicPrefix, String database, boolean drop)
                throws Exception {
            String jdbcUrl = dbs.create(database);
            Measured measured = measure(() -> sink.run(name, topicPrefix, database, jdbcUrl, count, rows));
            if (drop) {
                dbs.drop(database);
            }
            return measured;
        }
    }

    /** The mongo2pg sink at the same parallelism as the connector: one consumer loop per partition. */
    private Mongo2pgSinkRun sinkRun(String bootstrap, Mapping mapping, Map<String, String> extra) {
        Map<String, String> overrides = new LinkedHashMap<>(extra);
        overrides.put(SinkConfig.MAX_BATCH_SIZE, String.valueOf(batchSize));
        overrides.put(SinkConfig.PARALLELISM, String.valueOf(partitions));
        return new Mongo2pgSinkRun(bootstrap, mapping, overrides);
    }

    private static List<TableDef> tablesOf(RelationalModel model) {
        return model.forCollection("customers").all().stream()
                .filter(t -> t.name().equals("customers") || t.name().equals("customer_accounts")).toList();
    }

    private List<RowSetTopicWriter.Format> formats() {
        List<RowSetTopicWriter.Format> formats = new ArrayList<>();
        for (String name : formatNames) {
            try {
                formats.add(RowSetTopicWriter.Format.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid value '" + name
                        + "' for option --formats: use json, avro or both, e.g. --formats json,avro");
            }
        }
        return formats;
    }

    private static Map<String, String> option(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException("Invalid value " + keyValue + " for option --insert-path-option: "
                    + "expected KEY=VALUE, e.g. backfill=off");
        }
        return Map.of(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }

    private static Measured measure(Run run) throws Exception {
        PeakHeap.reset();
        BenchResult result = run.run();
        return new Measured(result, PeakHeap.peakBytes());
    }

    @FunctionalInterface
    private interface Run {
        BenchResult run() throws Exception;
    }

    record Measured(BenchResult result, long peakHeapBytes) {
    }
}
