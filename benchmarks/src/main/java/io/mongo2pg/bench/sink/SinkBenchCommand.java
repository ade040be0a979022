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

    @Option(names = "--warmup-documents", defaultValue = "20000",
            description = "Documents of an unmeasured run of every sink path first, so the measured runs see JIT-compiled "
                    + "code as a long-running sink does; 0 for none (default ${DEFAULT-VALUE}).")
    private int warmupDocuments;

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
        Normalizer normalizer = new Normalizer(mapping);
        BenchDocuments docs = BenchDocuments.fromSamples(customersFile, documents);
        List<BsonDocument> inserts = docs.all(false);
        List<BsonDocument> updates = docs.all(true);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("bench").numWorkers(1).numBrokers(1)
                .build();
        connect.start();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            BenchDatabases dbs = new BenchDatabases(pg);
            String bootstrap = connect.kafka().bootstrapServers();
            RowSetTopicWriter topics = new RowSetTopicWriter(bootstrap, mapping);
            Mongo2pgSinkRun backfillSink = sinkRun(bootstrap, mapping, Map.of());
            Mongo2pgSinkRun upsertSink = sinkRun(bootstrap, mapping, option(insertPathOption));
            if (warmupDocuments > 0) {
                BenchDocuments warm = BenchDocuments.fromSamples(customersFile, warmupDocuments);
                sinkPaths("warmup", topics, backfillSink, upsertSink, dbs, warm.all(false), warm.all(true), formats.get(0));
            }
            List<Measured> results = new ArrayList<>();
            CopyBaseline copy = new CopyBaseline(model, tablesOf(model));
            for (RowSetTopicWriter.Format format : formats) {
                SinkPaths paths = sinkPaths(format.label(), topics, backfillSink, upsertSink, dbs, inserts, updates, format);
                results.addAll(paths.results());
                if (format == formats.get(0)) {
                    copy.dumpFrom(paths.insertDb());
                }
            }

            for (CopyBaseline.Format format : CopyBaseline.Format.values()) {
                String label = format.name().toLowerCase(Locale.ROOT);
                results.add(measure(() -> copy.run("COPY " + label + ", no indexes", dbs.create("copy_bare_" + label),
                        format, false)));
                results.add(measure(() -> copy.run("COPY " + label + ", with keys and indexes",
                        dbs.create("copy_keys_" + label), format, true)));
            }

            if (!skipDebezium) {
                DebeziumJdbcRun debezium = new DebeziumJdbcRun(connect, model, normalizer);
                String dbzDb = dbs.create("debezium_jdbc");
                results.add(measure(() -> debezium.run("Debezium JDBC sink, insert", "ins", dbzDb, pg.user(), partitions, batchSize, inserts)));
                results.add(measure(() -> debezium.run("Debezium JDBC sink, update", "upd", dbzDb, pg.user(), partitions, batchSize, updates)));
            }
            new BenchReport(results, dbs.settings(), documents, partitions, batchSize).print(out);
        } finally {
            connect.stop();
        }
        return 0;
    }

    /** The three sink runs of one RowSet format: backfill, then inserts and updates on the upsert path. */
    private SinkPaths sinkPaths(String label, RowSetTopicWriter topics, Mongo2pgSinkRun backfillSink,
                                Mongo2pgSinkRun upsertSink, BenchDatabases dbs, List<BsonDocument> inserts,
                                List<BsonDocument> updates, RowSetTopicWriter.Format format) throws Exception {
        int count = inserts.size();
        List<Measured> results = new ArrayList<>();
        String bf = "bf_" + label;
        if (paths.contains(SinkPath.BACKFILL)) {
            long rows = topics.write(SinkConfig.rowsTopic(bf, "customers"), partitions, inserts, format);
            results.add(measure(() -> backfillSink.run("mongo2pg sink, backfill path, " + label, bf,
                    dbs.create("m2p_backfill_" + label), count, rows)));
        }
        // The insert run also loads the database that the update run updates and the COPY baselines are dumped from.
        String ins = "ins_" + label;
        long rows = topics.write(SinkConfig.rowsTopic(ins, "customers"), partitions, inserts, format);
        String insertDb = dbs.create("m2p_upsert_" + label);
        Measured insertRun = measure(() -> upsertSink.run("mongo2pg sink, insert path, " + label, ins, insertDb, count,
                rows));
        if (paths.contains(SinkPath.INSERT)) {
            results.add(insertRun);
        }
        if (paths.contains(SinkPath.UPDATE)) {
            String upd = "upd_" + label;
            topics.write(SinkConfig.rowsTopic(upd, "customers"), partitions, updates, format);
            results.add(measure(() -> upsertSink.run("mongo2pg sink, update path, " + label, upd, insertDb, count,
                    rows)));
        }
        return new SinkPaths(results, insertDb);
    }

    private record SinkPaths(List<Measured> results, String insertDb) {
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
