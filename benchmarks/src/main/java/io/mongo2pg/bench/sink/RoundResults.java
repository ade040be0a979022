package io.mongo2pg.bench.sink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every measured round of every contender, in the order they first ran. The figures compared are medians over the
 * rounds: on a shared 2-core machine one round can be off by a factor of two, a median of three rarely is.
 */
final class RoundResults {
    private final Map<String, List<SinkBenchCommand.Measured>> byRun = new LinkedHashMap<>();

    void add(SinkBenchCommand.Measured measured) {
        byRun.computeIfAbsent(measured.result().name(), name -> new ArrayList<>()).add(measured);
    }

    List<String> runs() {
        return List.copyOf(byRun.keySet());
    }

    List<SinkBenchCommand.Measured> rounds(String run) {
        return byRun.getOrDefault(run, List.of());
    }

    /** The round with the median throughput (the lower middle one for an even count). */
    SinkBenchCommand.Measured median(String run) {
        List<SinkBenchCommand.Measured> sorted = new ArrayList<>(rounds(run));
        sorted.sort(Comparator.comparingDouble(m -> m.result().throughput()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The first run whose name starts with {@code prefix}, e.g. "COPY text, no indexes". */
    Optional<String> find(String prefix) {
        return byRun.keySet().stream().filter(name -> name.startsWith(prefix)).findFirst();
    }

    /** Throughput of run {@code run} over that of {@code reference}, per round (both measured in each round). */
    List<Double> roundRatios(String run, String reference) {
        List<SinkBenchCommand.Measured> a = rounds(run);
        List<SinkBenchCommand.Measured> b = rounds(reference);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(a.get(i).result().throughput() / b.get(i).result().throughput());
        }
        return ratios;
    }
}
