package io.mongo2pg.transformer.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The UTF-8 check accepts exactly what the JDK's strict decoder accepts. */
class Utf8Test {
    @Test
    void shouldAgreeWithTheStrictDecoderOnEveryShortSequenceAndRandomText() {
        byte[] pair = new byte[2];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                pair[0] = (byte) a;
                pair[1] = (byte) b;
                assertThat(Utf8.isWellFormed(pair)).as("%02x %02x", a, b).isEqualTo(decodes(pair));
            }
        }
        List<String> disagreements = new ArrayList<>();
        int[] interesting = {0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef,
            0xf0, 0xf1, 0xf4, 0xf5, 0xff};
        for (int a : interesting) {
            for (int b : interesting) {
                for (int c : interesting) {
                    for (int d : interesting) {
                        byte[] four = {(byte) a, (byte) b, (byte) c, (byte) d};
                        if (Utf8.isWellFormed(four) != decodes(four)) {
                            disagreements.add(String.format("%02x %02x %02x %02x", a, b, c, d));
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] text = ("Amélie – 東京 🎬 " + i).getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.isWellFormed(text)).isTrue();
            text[random.nextInt(text.length)] = (byte) random.nextInt(256);
            assertThat(Utf8.isWellFormed(text)).isEqualTo(decodes(text));
        }
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private boolean decodes(byte[] bytes) {
        try {
            decoder.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
