package io.mongo2pg.cli.demo;

import com.mongodb.client.MongoDatabase;
import io.mongo2pg.cli.runtime.PipelineSettings;
import io.mongo2pg.cli.runtime.SingleProcessPipeline;
import io.mongo2pg.connectors.capture.MongoCaptureConfig;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * Everything in one process on a fresh machine: seeds the Mongo-compatible source with sample_analytics,
 * runs the real Debezium connector, Kafka, the transformer and the sink into a real PostgreSQL, makes live
 * changes and shows that they landed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline in-process on MongoDB's sample_analytics data and show what lands in PostgreSQL.")
public final class DemoCommand implements Callable<Integer> {
    static final String DB = "sample_analytics";
    private static final Duration LANDS_WITHIN = Duration.ofSeconds(120);

    @Option(names = "--once", description = "Exit after the live changes have landed: exit code 0 only if every change arrived.")
    private boolean once;

    @Option(names = "--postgres-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the embedded PostgreSQL (default: a free port).")
    private int postgresPort;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Spec
    private CommandSpec spec;
    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("mongo2pg-demo");
        Mapping mapping = loadMapping();
        out.println("mongo2pg demo: starting MongoDB-compatible source, Kafka and PostgreSQL in-process (" + work + ")");
        try (DemoStack stack = DemoStack.start(work, postgresPort)) {
            MongoDatabase db = stack.mongo().client().getDatabase(DB);
            long seeded = DemoSeed.seed(db);
            out.printf("Seeded %d sample_analytics documents into the source.%n", seeded);
            try (SingleProcessPipeline pipeline = SingleProcessPipeline.start(settings(mapping, stack, work),
                    capture(mapping, stack, work))) {
                DemoProgress progress = new DemoProgress(stack.postgres(), mapping, pipeline, out);
                boolean ok = progress.awaitSnapshot(DemoSeed.expectedRows(), LANDS_WITHIN)
                        && progress.applyLiveChanges(db, DemoChanges.all(), LANDS_WITHIN);
                progress.printTables();
                printConnectHelp(stack);
                if (once) {
                    out.println(ok ? "Every change arrived." : "Some changes did not arrive: see above.");
                    out.flush();
                    return ok ? 0 : 1;
                }
                awaitCtrlC();
                return 0;
            }
        }
    }

    private void printConnectHelp(DemoStack stack) {
        out.println();
        out.printf("While the demo runs, look for yourself:%n  psql \"postgresql://%s@localhost:%d/postgres\"%n",
                stack.postgres().user(), stack.postgres().port());
        out.printf("  e.g.  SELECT c.username, a.account_id FROM customers c JOIN customer_accounts a ON a._root_id = c._id LIMIT 5;%n");
        out.printf("MongoDB-compatible source: %s (database %s)%n", stack.mongo().connectionString(), DB);
    }

    private void awaitCtrlC() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping...");
            stop.countDown();
            try {
                main.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown"));
        out.println("Running; changes made in the source keep flowing. Press Ctrl-C to stop.");
        out.flush();
        stop.await();
    }

    private PipelineSettings settings(Mapping mapping, DemoStack stack, Path work) {
        return new PipelineSettings(mapping, "demo", DB, stack.kafka().bootstrapServers(), stack.postgres().jdbcUrl(),
                stack.postgres().user(), null, "public", work.resolve("streams"), partitions, (short) 1);
    }

    private static MongoCaptureConfig capture(Mapping mapping, DemoStack stack, Path work) {
        return MongoCaptureConfig.of(stack.mongo().connectionString(), "demo", DB, mapping.collectionNames(),
                work.resolve("offsets")).withCollectionOverrides(stack.mongo()::connectorOverrides);
    }

    private static Mapping loadMapping() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/sample_analytics.yml")) {
            if (in == null) {
                throw new IllegalStateException("examples/sample_analytics.yml is missing from the jar; rebuild with mvn install");
            }
            return MappingLoader.load(in, "examples/sample_analytics.yml");
        }
    }
}
