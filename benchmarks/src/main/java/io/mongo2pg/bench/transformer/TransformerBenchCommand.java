package io.mongo2pg.bench.transformer;

import io.mongo2pg.embedded.kafka.EmbeddedKafkaBroker;
import io.mongo2pg.mapping.model.Mapping;
import io.mongo2pg.mapping.model.MappingLoader;
import io.mongo2pg.transformer.topology.RowFormat;
import io.mongo2pg.transformer.topology.TransformerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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

    @Option(names = "--rounds", description = "Rounds of passthroughs and transformer per dataset; the median is "
            + "reported (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    private int rounds;

    // Three: with one, the JIT's C2 compiler threads still took half to two thirds of a core (of two) during the
    // first counted rounds of small documents (per-thread CPU from /proc), slowing the CPU-bound transformer most.
    @Option(names = "--warmup-rounds", description = "Rounds run first and not counted, for every contender alike, "
            + "so the JIT has compiled the transformer (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    private int warmupRounds;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE", description = "A Kafka Streams setting for the "
            + "transformer on top of its defaults, e.g. producer.batch.size=262144 or num.stream.threads=2 "
            + "(repeatable), to try a tuning against the same passthrough.")
    private Map<String, String> streamsConfig = Map.of();

    @Option(names = "--passthrough-producer-config", paramLabel = "KEY=VALUE", description = "A producer setting "
            + "for both passthroughs on top of the transformer's own producer settings, which they use by default "
            + "(repeatable), e.g. batch.size=16384 to try Kafka's default batches.")
    private Map<String, String> passthroughProducer = Map.of();

    @Option(names = "--row-format", description = "The transformer's RowSet format: avro or json (default: the "
            + "transformer's own default, avro).")
    private String rowFormat;

    @Option(names = "--commit-interval-ms", description = "The transformer's commit interval (default: the "
            + "transformer's own default).")
    private Long commitIntervalMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<BenchDataset> datasets = List.of(
                BenchDataset.load("small (sample_analytics.accounts)",
                        data.resolve("mongodb-samples/sample_analytics/accounts.json"), "sample_analytics", "accounts"),
                BenchDataset.load("sample_mflix-sized (movies)",
                        data.resolve("mongodb-samples/sample_mflix/movies.json"), "sample_mflix", "movies"));
        Path work = Files.createTempDirectory("mongo2pg-bench-transformer");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            TransformerBenchmark benchmark = new TransformerBenchmark(broker.bootstrapServers(), mapping(), partitions,
                    work.resolve("state"), streamsConfig, commitIntervalMs == null ? null
                    : Duration.ofMillis(commitIntervalMs), passthroughProducer,
                    rowFormat == null ? null : RowFormat.parse(rowFormat));
            for (BenchDataset dataset : datasets) {
                benchmark.prepare(dataset, events(dataset));
            }
            out.printf("%-36s %7s %9s %12s %12s %12s %6s %8s%n", "documents", "events", "avg bytes", "passthrough",
                    "eos passthr.", "transformer", "ratio", "vs eos");
            for (BenchDataset dataset : datasets) {
                print(out, dataset, new RoundSummary(benchmark.run(dataset, events(dataset), warmupRounds, rounds)));
            }
            printSettings(out, benchmark.passthroughSettings(datasets.get(0)));
        } finally {
            delete(work);
        }
        return 0;
    }

    private void print(PrintWriter out, BenchDataset dataset, RoundSummary summary) {
        out.printf("%-36s %7d %9d %12.0f %12.0f %12.0f %6.2f %8.2f%n", dataset.label(), events(dataset),
                dataset.averageBytes(), summary.passthrough(), summary.exactlyOncePassthrough(), summary.transformer(),
                summary.ratio(), summary.exactlyOnceRatio());
        TransformerBenchmark.Round median = summary.medianRound();
        out.printf("%-36s rounds' ratios %s; %s%n", "", summary.ratios(), median.times());
        out.printf("%-36s median round: passthrough %s; eos passthrough %s; transformer %s%n", "",
                median.passthrough().cpu(), median.exactlyOncePassthrough().cpu(), median.transformer().cpu());
        out.flush();
    }

    private void printSettings(PrintWriter out, PassthroughSettings passthrough) {
        long commitMs = commitIntervalMs != null ? commitIntervalMs
                : TransformerConfig.DEFAULT_COMMIT_INTERVAL.toMillis();
        out.printf("Embedded KRaft broker, %d partitions, transformer exactly_once_v2 with %d ms commits, %s RowSets "
                + "and the transformer's defaults%s; passthroughs at-least-once and exactly-once (%d ms transactions) "
                + "with the transformer's client settings: %s; events/s and ratios are medians over %d rounds after "
                + "%d uncounted warm-up round(s); %d cores.%n", partitions, commitMs, rowFormat == null ? "avro"
                : rowFormat, streamsConfig.isEmpty() ? "" : " + " + streamsConfig, commitMs, passthrough, rounds,
                warmupRounds,
                Runtime.getRuntime().availableProcessors());
    }

    /** The broker's log and the state directories: a few hundred MB per run. */
    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private int events(BenchDataset dataset) {
        return dataset.collection().equals("accounts") ? smallEvents : largeEvents;
    }

    private static Mapping mapping() throws IOException {
        try (InputStream yaml = TransformerBenchCommand.class.getResourceAsStream("/bench/transformer-mapping.yml")) {
            return MappingLoader.load(yaml, "bench/transformer-mapping.yml");
        }
    }
}
