package io.mongo2pg.sink.kafka;

import io.mongo2pg.sink.batch.BatchResult;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Running totals of what the sink committed, readable from any thread, with a wait for progress. */
public final class SinkCounters {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long applied;
    private long superseded;
    private long skipped;
    private long deadLetters;
    private long batches;
    private boolean stopped;

    /** A consistent copy of the totals. */
    public record Snapshot(long applied, long superseded, long skipped, long deadLetters, long batches) {
        /** Records fully handled: applied, superseded by a later change, skipped, or dead-lettered. */
        public long handled() {
            return applied + superseded + skipped + deadLetters;
        }
    }

    void add(BatchResult result) {
        lock.lock();
        try {
            applied += result.applied();
            superseded += result.superseded();
            skipped += result.skipped();
            deadLetters += result.deadLetters().size();
            batches++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stopped() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            return snapshotUnlocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} records are handled (applied, superseded, skipped or dead-lettered).
     *
     * @return whether they were; false on timeout or when the sink stopped first
     */
    public boolean awaitHandled(long count, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (snapshotUnlocked().handled() < count) {
                if (stopped || nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private Snapshot snapshotUnlocked() {
        return new Snapshot(applied, superseded, skipped, deadLetters, batches);
    }
}
