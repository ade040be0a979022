package io.mongo2pg.cli.run;

/** What a process runs: {@code run} all three, {@code transformer} and {@code sink} one each. */
enum Role {
    CAPTURE, TRANSFORMER, SINK
}
