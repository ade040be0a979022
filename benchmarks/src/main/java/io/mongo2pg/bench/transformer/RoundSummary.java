package io.mongo2pg.bench.transformer;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Medians over the rounds of one dataset; each ratio is the median of the rounds' own ratios. */
record RoundSummary(List<TransformerBenchmark.Round> rounds) {
    double passthrough() {
        return median(r -> r.passthrough().perSecond());
    }

    double exactlyOncePassthrough() {
        return median(r -> r.exactlyOncePassthrough().perSecond());
    }

    double transformer() {
        return median(r -> r.transformer().perSecond());
    }

    double ratio() {
        return median(TransformerBenchmark.Round::ratio);
    }

    double exactlyOnceRatio() {
        return median(TransformerBenchmark.Round::exactlyOnceRatio);
    }

    /** The round whose ratio is the median one. */
    TransformerBenchmark.Round medianRound() {
        return sorted(TransformerBenchmark.Round::ratio).get(rounds.size() / 2);
    }

    String ratios() {
        return rounds.stream().map(r -> String.format("%.2f", r.ratio())).collect(Collectors.joining(" "));
    }

    private double median(ToDoubleFunction<TransformerBenchmark.Round> value) {
        List<TransformerBenchmark.Round> sorted = sorted(value);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? value.applyAsDouble(sorted.get(middle))
                : (value.applyAsDouble(sorted.get(middle - 1)) + value.applyAsDouble(sorted.get(middle))) / 2;
    }

    private List<TransformerBenchmark.Round> sorted(ToDoubleFunction<TransformerBenchmark.Round> value) {
        return rounds.stream().sorted(Comparator.comparingDouble(value)).toList();
    }
}
