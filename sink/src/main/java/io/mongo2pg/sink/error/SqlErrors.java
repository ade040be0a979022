package io.mongo2pg.sink.error;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading PostgreSQL errors: whether retrying can help, the SQLSTATE, and the full message chain (a batch error
 * hides its real cause in {@link SQLException#getNextException()}).
 */
public final class SqlErrors {
    /**
     * Retrying can succeed: connection problems (class 08), insufficient resources (class 53: disk full, out of
     * memory, too many connections), serialization failure, deadlock, and the server shutting down or starting
     * (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");
    private static final int MAX_CHAIN = 20;

    private SqlErrors() {
    }

    /** What to do about an error. */
    public enum Kind {
        /** Retrying the same work may succeed: connection loss, serialization failure, deadlock, shutdown. */
        TRANSIENT,
        /**
         * The data of some statement is at fault (classes 21 cardinality, 22 data, 23 integrity constraint, 44 check
         * option, 54 program limit such as a too large row, P0 raised by a trigger): isolate the RowSet.
         */
        DATA,
        /**
         * The database or the schema is at fault (e.g. 42 undefined table or column, insufficient privilege; 3F no
         * such schema): every RowSet would fail the same way, so the sink stops instead of dead-lettering them all.
         */
        FATAL
    }

    private static final Set<String> DATA_CLASSES = Set.of("21", "22", "23", "44", "54", "P0");

    public static Kind classify(SQLException error) {
        List<SQLException> chain = chain(error);
        for (SQLException e : chain) {
            String state = e.getSQLState();
            if (e instanceof SQLTransientException || (state != null
                    && (state.startsWith("08") || state.startsWith("53") || TRANSIENT_STATES.contains(state)))) {
                return Kind.TRANSIENT;
            }
        }
        String state = sqlState(error).orElse("");
        return state.length() == 5 && DATA_CLASSES.contains(state.substring(0, 2)) ? Kind.DATA : Kind.FATAL;
    }

    public static boolean isTransient(SQLException error) {
        return classify(error) == Kind.TRANSIENT;
    }

    /** The most specific SQLSTATE in the chain: the first next-exception's that has one, else the error's own. */
    public static Optional<String> sqlState(SQLException error) {
        List<SQLException> chain = chain(error);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String state = chain.get(i).getSQLState();
            if (state != null && !state.isEmpty()) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Every message of the chain (next exceptions and causes), each with its SQLSTATE, joined by " <- ". */
    public static String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        collect(error, parts, seen);
        return String.join(" <- ", parts);
    }

    private static void collect(Throwable error, List<String> parts, Set<Throwable> seen) {
        Throwable t = error;
        while (t != null && seen.add(t) && parts.size() < MAX_CHAIN) {
            String state = t instanceof SQLException sql ? sql.getSQLState() : null;
            parts.add((state == null ? "" : "[SQLSTATE " + state + "] ") + (t.getMessage() == null
                    ? t.getClass().getName() : t.getMessage()));
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                collect(sql.getNextException(), parts, seen);
            }
            t = t.getCause();
        }
    }

    /** The error, its next exceptions and SQLException causes, in that order. */
    static List<SQLException> chain(SQLException error) {
        List<SQLException> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        SQLException current = error;
        while (current != null && seen.put(current, Boolean.TRUE) == null && chain.size() < MAX_CHAIN) {
            chain.add(current);
            SQLException next = current.getNextException();
            if (next == null && current.getCause() instanceof SQLException cause) {
                next = cause;
            }
            current = next;
        }
        return chain;
    }
}
