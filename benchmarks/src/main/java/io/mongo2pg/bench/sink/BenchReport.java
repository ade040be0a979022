package io.mongo2pg.bench.sink;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** The figures of one benchmark run as a Markdown table, with ratios against the limits and the reference. */
record BenchReport(List<SinkBenchCommand.Measured> results, String pgSettings, int documents, int partitions,
                   int batchSize) {
    void print(PrintWriter out) {
        out.printf("%n%d documents, %d partitions, batch size %d; PostgreSQL: %s%n%n", documents, partitions, batchSize,
                pgSettings);
        out.println("| run | rows | seconds | rows/s | vs COPY text, no indexes | vs COPY binary, no indexes "
                + "| vs COPY text, with keys | vs COPY binary, with keys | vs Debezium JDBC | peak heap MiB |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (SinkBenchCommand.Measured m : results) {
            BenchResult r = m.result();
            out.printf("| %s | %d | %.1f | %,.0f | %s | %s | %s | %s | %s | %d |%n", r.name(), r.rows(),
                    r.nanos() / 1e9, r.rowsPerSecond(), ratio(r, "COPY text, no indexes"),
                    ratio(r, "COPY binary, no indexes"), ratio(r, "COPY text, with keys"),
                    ratio(r, "COPY binary, with keys"),
                    ratio(r, r.name().contains("update") ? "Debezium JDBC sink, update" : "Debezium JDBC sink, insert"),
                    m.peakHeapBytes() / (1024 * 1024));
        }
        out.println();
        out.println("Peak heap: sum of the JVM heap pools' peaks during the run (an upper bound); it includes the "
                + "in-process Kafka broker and Connect worker.");
        out.flush();
    }

    private String ratio(BenchResult result, String referencePrefix) {
        return reference(referencePrefix).map(ref -> String.format("%.2f", result.rowsPerSecond() / ref.rowsPerSecond()))
                .orElse("-");
    }

    private Optional<BenchResult> reference(String prefix) {
        return results.stream().map(SinkBenchCommand.Measured::result).filter(r -> r.name().startsWith(prefix)).findFirst();
    }
}
