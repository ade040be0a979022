package io.mongo2pg.cli.cutover;

/**
 * One line of the go/no-go table.
 *
 * @param measured what was found, e.g. {@code 0 records}
 * @param threshold what is needed, e.g. {@code <= 100 records}
 */
record CheckResult(String check, boolean go, String measured, String threshold) {
}
