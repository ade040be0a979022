package io.mongo2pg.cli.run;

import java.util.Optional;

/** One running piece of the process (broker, sink, transformer, capture), as health and shutdown see it. */
interface Part extends AutoCloseable {
    String name();

    /** Doing its work now: counts for /ready. */
    boolean running();

    /** Why it stopped on its own, if it did: the process then stops too. */
    Optional<String> failure();

    @Override
    void close() throws Exception;
}
