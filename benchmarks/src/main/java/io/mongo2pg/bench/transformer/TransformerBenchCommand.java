package io.mongo2pg.bench.transformer;

import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mongo2pg-bench transformer}: the transformer's throughput against a plain consume-produce passthrough of
 * the same records on the same embedded broker in the same run, for small documents (sample_analytics.accounts)
 * and sample_mflix-sized ones (movies).
 */
@Command(name = "transformer", mixinStandardHelpOptions = true,
        description = "Transformer events/s against a plain consume-produce passthrough of the same records.")
public final class TransformerBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--data", description = "Directory holding mongodb-samples/ (default: ${DEFAULT-VALUE}).",
            defaultValue = "../shared/data")
    private Path data;

    @Option(names = "--small-events", description = "Events of small documents (default: ${DEFAULT-VALUE}).",
            defaultValue = "200000")
    private int smallEvents;

    @Option(names = "--large-events", description = "Events of sample_mflix movies (default: ${DEFAULT-VALUE}).",
            defaultValue = "40000")
    private int largeEvents;

    @Option(names = "--partitions", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    private int partitions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("mongo2pg-bench-transformer");
        List<BenchDataset> datasets = List.of(
                BenchDataset.load("small (sample_analytics.accounts)",
                        data.resolve("mongodb-samples/sample_analytics/accounts.json"), "sample_analytics", "accounts"),
                BenchDataset.load("sample_mflix-sized (movies)",
                        data.resolve("mongodb-samples/sample_mflix/movies.json"), "sample_mflix", "movies"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            TransformerBenchmark benchmark = new TransformerBenchmark(broker.bootstrapServers(), mapping(), partitions,
                    work.resolve("state"));
            out.printf("%-36s %8s %10s %16s %16s %7s%n", "documents", "events", "avg bytes", "passthrough ev/s",
                    "transformer ev/s", "ratio");
            for (BenchDataset dataset : datasets) {
                int events = dataset.collection().equals("accounts") ? smallEvents : largeEvents;
                TransformerBenchmark.Result r = benchmark.run(dataset, events);
                out.printf("%-36s %8d %10d %16.0f %16.0f %7.2f%n", dataset.label(), events, dataset.averageBytes(),
                        r.passthroughPerSecond(), r.transformerPerSecond(), r.ratio());
                out.flush();
            }
        }
        out.printf("Embedded KRaft broker, %d partitions, transformer exactly_once_v2 with 100 ms commits, 1 stream "
                + "thread; passthrough at-least-once; %d cores.%n", partitions, Runtime.getRuntime().availableProcessors());
        return 0;
    }

    private static Mapping mapping() throws java.io.IOException {
        try (InputStream yaml = TransformerBenchCommand.class.getResourceAsStream("/bench/transformer-mapping.yml")) {
            return MappingLoader.load(yaml, "bench/transformer-mapping.yml");
        }
    }
}
