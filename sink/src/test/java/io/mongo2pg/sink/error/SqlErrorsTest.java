package io.mongo2pg.sink.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    @Test
    void shouldRetryConnectionSerializationDeadlockAndShutdownErrors() {
        for (String state : new String[] {"08000", "08006", "08001", "40001", "40P01", "53100", "57P01", "57P02", "57P03"}) {
            assertThat(SqlErrors.classify(new SQLException("x", state))).as(state).isEqualTo(SqlErrors.Kind.TRANSIENT);
        }
        assertThat(SqlErrors.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(SqlErrors.Kind.TRANSIENT);
    }

    @Test
    void shouldIsolateErrorsInTheData() {
        for (String state : new String[] {"21000", "22001", "22P02", "22P05", "23505", "23514", "23502", "54000", "P0001"}) {
            assertThat(SqlErrors.classify(new SQLException("x", state))).as(state).isEqualTo(SqlErrors.Kind.DATA);
        }
    }

    @Test
    void shouldStopOnErrorsOfTheSchemaOrDatabase() {
        for (String state : new String[] {"42P01", "42703", "42501", "42804", "3F000", "XX000", "25006", null}) {
            assertThat(SqlErrors.classify(new SQLException("x", state))).as(state).isEqualTo(SqlErrors.Kind.FATAL);
        }
    }

    @Test
    void shouldFindTheCauseHiddenInTheNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(new SQLException("ERROR: deadlock detected", "40P01"));

        assertThat(SqlErrors.isTransient(batch)).isTrue();
        assertThat(SqlErrors.sqlState(batch)).contains("40P01");
        assertThat(SqlErrors.describe(batch))
                .isEqualTo("Batch entry 0 was aborted <- [SQLSTATE 40P01] ERROR: deadlock detected");
    }

    @Test
    void shouldDescribeCausesToo() {
        SQLException error = new SQLException("outer", "23505", new IllegalStateException("inner"));

        assertThat(SqlErrors.describe(error)).isEqualTo("[SQLSTATE 23505] outer <- inner");
    }
}
