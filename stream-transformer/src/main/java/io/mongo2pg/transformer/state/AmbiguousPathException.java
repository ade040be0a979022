package io.mongo2pg.transformer.state;

/**
 * An update path that the document's own field names make ambiguous: MongoDB 5+ allows dots in field names, so
 * with a field {@code "a.b"} the path {@code a.b} may mean that field or field {@code b} inside {@code a}. MongoDB
 * says which in {@code updateDescription.disambiguatedPaths}, but Debezium's change events do not carry it, so the
 * delta cannot be applied safely.
 */
public class AmbiguousPathException extends UpdateConflictException {
    private final String dottedName;

    public AmbiguousPathException(String fieldPath, String dottedName) {
        super(fieldPath, "the document has a field named '" + dottedName + "' (MongoDB 5+ allows dots in field "
                + "names), so the path is ambiguous and Debezium's updateDescription does not say which field it means");
        this.dottedName = dottedName;
    }

    public String dottedName() {
        return dottedName;
    }
}
