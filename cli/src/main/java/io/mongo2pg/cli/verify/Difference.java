package io.mongo2pg.cli.verify;

/**
 * One way PostgreSQL differs from MongoDB.
 *
 * @param id the document's {@code _id} as canonical Extended JSON
 * @param path the field path ({@code items.3.price}); empty for the whole document
 * @param mongo the value in MongoDB as canonical Extended JSON, {@code (missing)} when absent
 * @param postgres the value read back from PostgreSQL, {@code (missing)} when absent
 */
public record Difference(String collection, String id, String path, String mongo, String postgres) {
    static final String MISSING = "(missing)";

    /** One line for the report. */
    public String describe() {
        String where = collection + " _id " + id + (path.isEmpty() ? "" : " at " + path);
        if (path.isEmpty()) {
            return where + ": " + (postgres.equals(MISSING) ? "in MongoDB, missing in PostgreSQL"
                    : "in PostgreSQL, not in MongoDB");
        }
        return where + ": MongoDB " + mongo + ", PostgreSQL " + postgres;
    }
}
