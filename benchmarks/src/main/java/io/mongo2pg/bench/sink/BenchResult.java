package io.mongo2pg.bench.sink;

/** One measured run: how many rows it wrote in how long. */
record BenchResult(String name, long rows, long nanos) {
    double rowsPerSecond() {
        return rows / (nanos / 1e9);
    }
}
