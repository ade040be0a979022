package io.mongo2pg.bench.transformer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The CPU one contender used in one run: the whole benchmark JVM's (broker and output counter included) and its
 * own working threads' (the passthrough's copy loop, the transformer's stream threads), per event, and how much of
 * their wall time those threads were on a CPU. A thread far from busy waits on Kafka (polls, commits) or for a
 * core; one that is busy is bound by its own work.
 *
 * @param processMicros JVM CPU per event, broker included
 * @param threadMicros the working threads' CPU per event
 * @param busy the working threads' CPU time over the timed window (first to last output record; 1 = one thread
 *     always on a CPU)
 */
record CpuUse(double processMicros, double threadMicros, double busy) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Starts measuring a run whose working threads have the names {@code threads} accepts. */
    static Meter start(Predicate<String> threads) {
        return new Meter(threads, OS.getProcessCpuTime(), threadCpu(threads));
    }

    @Override
    public String toString() {
        return String.format("CPU/event %.1f µs JVM, %.1f µs working thread(s), busy %.0f%%", processMicros,
                threadMicros, 100 * busy);
    }

    /**
     * A run being measured; {@link #stop} before its threads end. Start-up (group join, task assignment) is in the
     * CPU figures but not in the timed window, so busy slightly overstates.
     */
    record Meter(Predicate<String> threads, long startProcessCpu, long startThreadCpu) {
        CpuUse stop(int events, double perSecond) {
            double process = OS.getProcessCpuTime() - startProcessCpu;
            double thread = threadCpu(threads) - startThreadCpu;
            double windowNanos = events / perSecond * 1e9;
            return new CpuUse(process / events / 1000, thread / events / 1000, thread / windowNanos);
        }
    }

    private static long threadCpu(Predicate<String> threads) {
        return matching(threads).mapToLong(t -> Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()))).sum();
    }

    private static java.util.stream.Stream<ThreadInfo> matching(Predicate<String> threads) {
        return Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds())).filter(Objects::nonNull)
                .filter(t -> threads.test(t.getThreadName()));
    }
}
