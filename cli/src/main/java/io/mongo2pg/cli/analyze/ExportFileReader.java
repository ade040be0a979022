package io.mongo2pg.cli.analyze;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonParseException;
import org.bson.json.JsonReader;

/**
 * Streams the documents of a mongoexport file, one at a time, whatever its size: one Extended JSON document per line,
 * or one JSON array of documents ({@code --jsonArray}), in any Extended JSON flavour.
 */
final class ExportFileReader {
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    private ExportFileReader() {
    }

    /** The collection a file holds: its name up to the first dot ({@code movies.json}, {@code movies.subset.json}). */
    static String collectionOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Hands each document to {@code sink}, at most {@code limit} of them (0: all); returns how many. */
    static long read(Path file, long limit, Consumer<BsonDocument> sink) {
        try (PushbackReader in = new PushbackReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            int first = firstNonBlank(in);
            return first == '[' ? array(in, limit, sink) : lines(new BufferedReader(in), file, limit, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int firstNonBlank(PushbackReader in) throws IOException {
        int c = in.read();
        while (c != -1 && Character.isWhitespace(c)) {
            c = in.read();
        }
        if (c != -1) {
            in.unread(c);
        }
        return c;
    }

    private static long array(PushbackReader in, long limit, Consumer<BsonDocument> sink) {
        try (JsonReader reader = new JsonReader(in)) {
            reader.readStartArray();
            long count = 0;
            while ((limit == 0 || count < limit) && reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                sink.accept(CODEC.decode(reader, DecoderContext.builder().build()));
                count++;
            }
            return count;
        }
    }

    private static long lines(BufferedReader in, Path file, long limit, Consumer<BsonDocument> sink) throws IOException {
        long count = 0;
        long lineNumber = 0;
        for (String line = in.readLine(); line != null && (limit == 0 || count < limit); line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                sink.accept(BsonDocument.parse(line));
            } catch (JsonParseException e) {
                throw new JsonParseException(file + " line " + lineNumber + ": " + e.getMessage(), e);
            }
            count++;
        }
        return count;
    }
}
