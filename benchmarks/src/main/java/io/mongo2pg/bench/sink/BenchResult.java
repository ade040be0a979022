package io.mongo2pg.bench.sink;

/**
 * One measured run: how many rows it wrote in how long, and how much of that was start-up before the first row
 * moved (the mongo2pg sink's consumer group join and first fetch; 0 where it is not measured).
 */
record BenchResult(String name, long rows, long nanos, long startupNanos) {
    BenchResult(String name, long rows, long nanos) {
        this(name, rows, nanos, 0);
    }

    /** Rows over the whole run, start-up included. */
    double rowsPerSecond() {
        return rows / (nanos / 1e9);
    }

    /** Rows over the time they were moving: the throughput, comparable with a COPY that is timed the same way. */
    double throughput() {
        return rows / ((nanos - startupNanos) / 1e9);
    }
}
