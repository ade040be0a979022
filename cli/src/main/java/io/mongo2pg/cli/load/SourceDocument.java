package io.mongo2pg.cli.load;

import org.bson.BsonDocument;

/**
 * One document of a data file, where it starts, and either the document or why it could not be read.
 *
 * @param line the 1-based line the document starts on
 * @param text the document's text as written in the file (kept for the dead letters)
 */
record SourceDocument(String file, long line, BsonDocument document, String error, String text) {
    static SourceDocument parsed(String file, long line, BsonDocument document, String text) {
        return new SourceDocument(file, line, document, null, text);
    }

    static SourceDocument unreadable(String file, long line, String error, String text) {
        return new SourceDocument(file, line, null, error, text);
    }

    boolean isReadable() {
        return document != null;
    }
}
