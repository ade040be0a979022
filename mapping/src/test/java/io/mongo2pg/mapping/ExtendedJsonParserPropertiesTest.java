package io.mongo2pg.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongo2pg.mapping.value.ExtendedJson;
import io.mongo2pg.mapping.value.ExtendedJsonParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * {@link ExtendedJsonParser} reads generated documents of every BSON type, written in every Extended JSON flavour,
 * exactly as the BSON library does: same values, same types, same key order (compared as canonical text).
 */
class ExtendedJsonParserPropertiesTest {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    @Property(tries = 500)
    void shouldReadWhatTheLibraryReads(@ForAll("documents") BsonValue document, @ForAll JsonMode mode) {
        String text = document.asDocument().toJson(JsonWriterSettings.builder().outputMode(mode).build());

        BsonDocument library = ExtendedJson.parseDocument(text);
        BsonDocument fast = ExtendedJsonParser.parseDocument(text);

        assertThat(fast).isEqualTo(library);
        assertThat(fast.toJson(CANONICAL)).isEqualTo(library.toJson(CANONICAL));
    }

    @Provide
    Arbitrary<BsonValue> documents() {
        return Arbitraries.oneOf(new GeneratedDocuments(false).things(), new GeneratedDocuments(true).things());
    }
}
