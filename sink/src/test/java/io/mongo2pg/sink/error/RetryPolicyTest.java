package io.mongo2pg.sink.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), waits::add);

    @Test
    void shouldBackOffExponentiallyUpToTheMaximum() {
        assertThat(List.of(policy.backoff(1), policy.backoff(2), policy.backoff(3), policy.backoff(4), policy.backoff(60)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350),
                        Duration.ofMillis(350), Duration.ofMillis(350));
    }

    @Test
    void shouldRetryTransientErrorsUntilSuccess() throws SQLException {
        AtomicInteger calls = new AtomicInteger();

        String result = policy.call("work", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new SQLException("connection reset", "08006");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void shouldFailLoudlyWhenAttemptsAreSpent() {
        assertThatThrownBy(() -> policy.call("applying batch", () -> {
            throw new SQLException("could not serialize access", "40001");
        })).isInstanceOf(SinkException.class).hasMessageContaining("applying batch").hasMessageContaining("5 attempts")
                .hasMessageContaining("40001").hasMessageContaining("retry.max.attempts");
        assertThat(waits).hasSize(4);
    }

    @Test
    void shouldRethrowPermanentErrorsAtOnce() {
        try {
            policy.call("work", () -> {
                throw new SQLException("check violation", "23514");
            });
            fail("expected the permanent error");
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("23514");
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldStopWaitingWhenInterrupted() {
        RetryPolicy interrupted = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1), d -> {
            throw new InterruptedException();
        });

        assertThatThrownBy(() -> interrupted.call("work", () -> {
            throw new SQLException("admin shutdown", "57P01");
        })).isInstanceOf(SinkException.class).hasMessageContaining("Interrupted");
        assertThat(Thread.interrupted()).isTrue();
    }
}
