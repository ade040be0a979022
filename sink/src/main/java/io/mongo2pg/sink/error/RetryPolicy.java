package io.mongo2pg.sink.error;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries work that failed with a transient PostgreSQL error (see {@link SqlErrors#classify}) with exponential
 * backoff; permanent errors are rethrown at once. When the attempts are spent it fails loudly with a
 * {@link SinkException} carrying the last error.
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    /** Waits between attempts; the production one sleeps, interruptibly. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Work that talks to PostgreSQL. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this(maxAttempts, initialBackoff, maxBackoff, d -> Thread.sleep(d.toMillis()));
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis = Math.multiplyExact(millis, 2);
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /**
     * Runs {@code work}, retrying transient errors.
     *
     * @throws SQLException a permanent error, at its first occurrence
     * @throws SinkException when transient errors outlast the attempts, or the thread is interrupted while waiting
     */
    public <T> T call(String what, SqlWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e)) {
                    throw e;
                }
                if (attempt >= maxAttempts) {
                    throw new SinkException("Giving up on " + what + " after " + attempt + " attempts; PostgreSQL kept "
                            + "failing with a transient error: " + SqlErrors.describe(e)
                            + ". Check that PostgreSQL is reachable, or raise 'retry.max.attempts'.", e);
                }
                Duration wait = backoff(attempt);
                LOG.warn("Transient error during {} (attempt {}/{}), retrying in {} ms: {}", what, attempt, maxAttempts,
                        wait.toMillis(), SqlErrors.describe(e));
                pause(what, wait, e);
            }
        }
    }

    private void pause(String what, Duration wait, SQLException cause) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting to retry " + what + " after: " + SqlErrors.describe(cause),
                    cause);
        }
    }
}
