package io.mongo2pg.mapping.value;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;

/**
 * Reads mongoexport files: one Extended JSON document per line (NDJSON), or one JSON array of documents,
 * in any Extended JSON flavour.
 */
public final class ExtendedJsonFile {
    private ExtendedJsonFile() {
    }

    public static List<BsonDocument> readAll(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader.lines().toList(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<BsonDocument> parse(List<String> lines, String source) {
        String first = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (first.startsWith("[")) {
            BsonArray array = BsonArray.parse(String.join("\n", lines));
            return array.stream().map(v -> v.asDocument()).toList();
        }
        return java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> !lines.get(i).isBlank())
                .mapToObj(i -> parseLine(lines.get(i), source, i + 1))
                .toList();
    }

    private static BsonDocument parseLine(String line, String source, int lineNumber) {
        try {
            return BsonDocument.parse(line);
        } catch (JsonParseException e) {
            throw new JsonParseException(source + " line " + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
