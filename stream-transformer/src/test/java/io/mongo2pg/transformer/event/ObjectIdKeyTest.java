package io.mongo2pg.transformer.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The ObjectId key shortcut agrees with the general key parsing, and leaves every other shape to it. */
class ObjectIdKeyTest {
    private final EnvelopeParser parser = new EnvelopeParser();

    @Test
    void shouldReadTheConvertersObjectIdKeyAsTheGeneralPathDoes() {
        for (int i = 0; i < 50; i++) {
            String key = "{\"id\":\"{\\\"$oid\\\": \\\"" + new ObjectId().toHexString() + "\\\"}\"}";

            assertThat(ObjectIdKey.parse(bytes(key))).isNotNull().isEqualTo(parser.parseKey(key));
        }
    }

    @Test
    void shouldLeaveEveryOtherKeyToTheGeneralPath() {
        String hex = "5ca4bbc7a2dd94ee5816238d";
        for (String key : new String[] {
                "{\"id\":\"{\\\"$oid\\\":\\\"" + hex + "\\\"}\"}",
                "{\"id\": \"{\\\"$oid\\\": \\\"" + hex + "\\\"}\"}",
                "{\"id\":\"{\\\"$oid\\\": \\\"5ca4bbc7a2dd94ee5816238z\\\"}\"}",
                "{\"id\":\"{\\\"$oid\\\": \\\"" + hex + "1\\\"}\"}",
                "{\"id\":\"42\"}",
                "{\"schema\":null,\"payload\":{\"id\":\"{\\\"$oid\\\": \\\"" + hex + "\\\"}\"}}"}) {
            assertThat(ObjectIdKey.parse(bytes(key))).as(key).isNull();
        }
        assertThat(ObjectIdKey.parse(null)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
