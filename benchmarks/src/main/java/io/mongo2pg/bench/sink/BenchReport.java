package io.mongo2pg.bench.sink;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The figures of one benchmark run as Markdown tables: the median of every contender with ratios against the
 * limits and the reference, then each round's ratio of every sink path to the limit its target is set against.
 */
record BenchReport(RoundResults results, String pgSettings, int documents, int partitions, int batchSize,
                   int warmupRounds) {
    private static final List<String> LIMITS = List.of("COPY text, no indexes", "COPY binary, no indexes",
            "COPY text, with keys", "COPY binary, with keys");

    void print(PrintWriter out) {
        out.printf("%n%d documents, %d partitions, batch size %d, %d unmeasured warm-up round(s); PostgreSQL: %s%n%n",
                documents, partitions, batchSize, warmupRounds, pgSettings);
        printMedians(out);
        printRoundRatios(out);
        out.println("Peak heap: the largest over the rounds of the sum of the JVM heap pools' peaks during the run (an "
                + "upper bound); it includes the in-process Kafka broker and Connect worker.");
        out.flush();
    }

    private void printMedians(PrintWriter out) {
        out.println("| run | rows | rounds | median rows/s | rounds' rows/s | start-up s | rows/s with start-up "
                + "| vs COPY text, no indexes | vs COPY binary, no indexes | vs COPY text, with keys "
                + "| vs COPY binary, with keys | vs Debezium JDBC (with start-up) | peak heap MiB |");
        out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String run : results.runs()) {
            BenchResult median = results.median(run).result();
            String ratios = LIMITS.stream().map(limit -> ratio(median, limit)).collect(Collectors.joining(" | "));
            String debezium = debeziumRatio(median, run.contains("update") ? "Debezium JDBC sink, update"
                    : "Debezium JDBC sink, insert");
            long peak = results.rounds(run).stream().mapToLong(SinkBenchCommand.Measured::peakHeapBytes).max().orElse(0);
            out.printf("| %s | %d | %d | %,.0f | %s | %.2f | %,.0f | %s | %s | %d |%n", run, median.rows(),
                    results.rounds(run).size(), median.throughput(), roundRates(run), median.startupNanos() / 1e9,
                    median.rowsPerSecond(), ratios, debezium, peak / (1024 * 1024));
        }
        out.println();
        out.println("rows/s: rows over the time they moved, from the first record the sink polled to the last commit "
                + "(COPY: the COPY statements and the commit); start-up: the sink's backfill set-up, consumer group "
                + "join and first fetch before that. The Debezium ratio compares whole runs, start-up included on both "
                + "sides.");
        out.println();
    }

    /** Ratios taken within each round, so a load swing between rounds does not move them. */
    private void printRoundRatios(PrintWriter out) {
        out.println("| sink path | against | ratio in each round |");
        out.println("|---|---|---|");
        for (String run : results.runs()) {
            if (!run.startsWith("mongo2pg sink")) {
                continue;
            }
            List<String> limits = run.contains("backfill") ? LIMITS.subList(0, 2) : LIMITS.subList(2, 4);
            for (String limit : limits) {
                results.find(limit).ifPresent(reference -> out.printf("| %s | %s | %s |%n", run, reference,
                        results.roundRatios(run, reference).stream().map(r -> String.format("%.2f", r))
                                .collect(Collectors.joining(", "))));
            }
        }
        out.println();
    }

    private String roundRates(String run) {
        return results.rounds(run).stream().map(m -> String.format("%,.0f", m.result().throughput()))
                .collect(Collectors.joining(", "));
    }

    private String ratio(BenchResult result, String referencePrefix) {
        Optional<String> reference = results.find(referencePrefix);
        return reference.map(ref -> String.format("%.2f",
                result.throughput() / results.median(ref).result().throughput())).orElse("-");
    }

    private String debeziumRatio(BenchResult result, String referencePrefix) {
        Optional<String> reference = results.find(referencePrefix);
        return reference.map(ref -> String.format("%.2f",
                result.rowsPerSecond() / results.median(ref).result().rowsPerSecond())).orElse("-");
    }
}
