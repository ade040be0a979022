package io.mongo2pg.cli.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;

/**
 * Streams the documents of one mongoexport file, in constant memory whatever its size: one Extended JSON document
 * per line (NDJSON), or one JSON array of documents (also pretty-printed), in canonical or relaxed Extended JSON.
 * A document that is not valid Extended JSON is returned as unreadable with its line and the parser's reason, and
 * reading goes on. Only broken JSON syntax inside an array ends the file early (there is no next element to find):
 * that is returned as a last unreadable document.
 */
final class DocumentFileReader implements Closeable {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();

    private final String file;
    private final BufferedReader lines;
    private final JsonParser array;
    private long lineNumber;
    private boolean done;

    private DocumentFileReader(String file, BufferedReader lines, JsonParser array) {
        this.file = file;
        this.lines = lines;
        this.array = array;
    }

    /** Opens {@code in} (UTF-8), telling the two layouts apart by the first character that is not white space. */
    static DocumentFileReader open(String file, InputStream in) throws IOException {
        PushbackReader reader = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        char[] head = new char[1 << 16];
        int n = reader.read(head);
        int first = 0;
        while (first < n && (Character.isWhitespace(head[first]) || head[first] == '\uFEFF')) {
            first++;
        }
        if (n > 0) {
            reader.unread(head, 0, n);
        }
        if (first < n && head[first] == '[') {
            JsonParser parser = JSON.createParser(reader);
            parser.nextToken(); // the array's '['
            return new DocumentFileReader(file, null, parser);
        }
        return new DocumentFileReader(file, new BufferedReader(reader, 1 << 16), null);
    }

    /** The next document, or null at the end of the file. */
    SourceDocument next() throws IOException {
        if (done) {
            return null;
        }
        return array == null ? nextLine() : nextElement();
    }

    private SourceDocument nextLine() throws IOException {
        String line;
        do {
            line = lines.readLine();
            lineNumber++;
            if (line == null) {
                done = true;
                return null;
            }
        } while (line.isBlank());
        return parse(lineNumber, line);
    }

    private SourceDocument nextElement() throws IOException {
        long line = array.currentLocation().getLineNr();
        try {
            JsonToken token = array.nextToken();
            line = array.currentTokenLocation().getLineNr();
            if (token == null || token == JsonToken.END_ARRAY) {
                done = true;
                return null;
            }
            StringWriter text = new StringWriter();
            try (JsonGenerator copy = JSON.createGenerator(text)) {
                copy.copyCurrentStructure(array);
            }
            if (token != JsonToken.START_OBJECT) {
                return SourceDocument.unreadable(file, line, "an array element must be a document, found " + text,
                        text.toString());
            }
            return parse(line, text.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            done = true; // broken JSON: there is no telling where the next element starts
            return SourceDocument.unreadable(file, e.getLocation() == null ? line : e.getLocation().getLineNr(),
                    "broken JSON, the rest of the file cannot be read: " + e.getOriginalMessage(), "");
        }
    }

    private SourceDocument parse(long line, String text) {
        try {
            return SourceDocument.parsed(file, line, BsonDocument.parse(text), text);
        } catch (RuntimeException e) {
            // org.bson.json.JsonParseException and friends: bad Extended JSON ({"$date": "soon"}) or not a document.
            return SourceDocument.unreadable(file, line, "not a valid Extended JSON document: " + e.getMessage(), text);
        }
    }

    /** Iteration that turns I/O errors unchecked, for callers that stream. */
    SourceDocument nextUnchecked() {
        try {
            return next();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " after line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (array != null) {
            array.close();
        } else {
            lines.close();
        }
    }
}
