package io.mongo2pg.transformer.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import org.bson.BsonDocument;

/**
 * A document Debezium wrote as a JSON string ({@code after}, {@code before}), read straight from the record's
 * bytes: its literal is unescaped into a reused buffer ({@link JsonStringLiteral}) and parsed from there
 * ({@link ExtendedJsonParser#parseCommonForms}), with no Java String of the text in between. Whatever that does not
 * read (a rare Extended JSON form, a lone surrogate, broken text) is left to the general path, which reads the
 * string with Jackson and gives the document or the error it always gave. In the envelope's tree it is a POJO node.
 */
record EmbeddedDocument(BsonDocument document) {
    /**
     * The document of the string literal at the parser's current token, which {@code json} (the parser's input)
     * holds, unescaped with {@code literal}; null when it is left to the general path. The parser stays at the token.
     */
    static EmbeddedDocument read(JsonParser parser, byte[] json, JsonStringLiteral literal) {
        long quote = parser.currentTokenLocation().getByteOffset();
        if (quote < 0 || quote >= json.length || !literal.unescape(json, (int) quote)) {
            return null;
        }
        BsonDocument document = ExtendedJsonParser.parseCommonForms(literal.bytes(), 0, literal.length());
        return document == null ? null : new EmbeddedDocument(document);
    }

    /** The document a node of the envelope's tree holds when it was read here, else null. */
    static BsonDocument of(JsonNode node) {
        return node instanceof POJONode pojo && pojo.getPojo() instanceof EmbeddedDocument embedded
                ? embedded.document() : null;
    }
}
