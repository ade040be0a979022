package io.mongo2pg.mapping.infer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures behind a decision, in words: presence, nulls, kinds with counts, array lengths. */
final class Observed {
    private Observed() {
    }

    static String field(FieldStats field, long documents) {
        StringBuilder out = new StringBuilder();
        out.append("in ").append(field.present()).append(" of ").append(documents).append(' ').append(percent(field.present(),
                documents));
        if (field.nulls() > 0) {
            out.append(", null ").append(field.nulls());
        }
        if (!field.kinds().isEmpty()) {
            out.append("; ").append(kinds(field.kinds()));
        }
        long unfit = field.kinds().keySet().stream().mapToLong(field::unfit).sum();
        if (unfit > 0) {
            out.append("; ").append(unfit).append(" value(s) out of their column type's range");
        }
        field.arrays().ifPresent(a -> out.append("; ").append(array(a)));
        return out.toString();
    }

    static String array(ArrayStats array) {
        String lengths = String.format("length %d-%d (avg %.1f)", array.minLength(), array.maxLength(), array.averageLength());
        String empty = array.empty() > 0 ? ", " + array.empty() + " empty" : "";
        String elements = array.elementKinds().isEmpty() ? "" : "; elements " + kinds(array.elementKinds());
        return lengths + empty + elements;
    }

    static String kinds(Map<ValueKind, Long> kinds) {
        List<Map.Entry<ValueKind, Long>> sorted = kinds.entrySet().stream()
                .sorted(Map.Entry.<ValueKind, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> e.getKey().label()))
                .toList();
        return sorted.stream().map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    static String percent(long part, long whole) {
        if (whole == 0) {
            return "(-)";
        }
        double p = 100.0 * part / whole;
        return p == 100 || p == 0 ? String.format("(%.0f%%)", p) : String.format("(%.1f%%)", p);
    }
}
