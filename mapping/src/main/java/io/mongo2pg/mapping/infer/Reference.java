package io.mongo2pg.mapping.infer;

/**
 * A field found pointing at another collection's field: {@code found} of the {@code sampled} values taken from it
 * are among the target's values.
 *
 * @param targetDuplicates values seen more than once in the target field (0 for a true key)
 * @param targetComplete whether every distinct value of the target was kept (under the cap)
 */
record Reference(String collection, String field, long found, long sampled, long targetDuplicates,
                 boolean targetComplete) {
    String target() {
        return collection + "." + field;
    }

    double share() {
        return sampled == 0 ? 0 : (double) found / sampled;
    }

    String describe() {
        return String.format("%d of %d sampled values (%.0f%%) found among %s%s", found, sampled, 100 * share(), target(),
                targetDuplicates > 0 ? " (which repeats " + targetDuplicates + " value(s): not declared unique; the "
                        + "cutover's unique index fails until that is fixed)" : "");
    }
}
