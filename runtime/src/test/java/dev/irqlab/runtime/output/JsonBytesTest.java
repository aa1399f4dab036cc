package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte encoder writes exactly what {@link JsonWriter} over a UTF-8 writer writes (the JSON Lines
 * trace was written that way, and its files must not change), for ASCII and every escape class.
 */
class JsonBytesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "spi 8 (intid 40)", "GICD_ISENABLER \"0\"", "a\\b", "tab\there", "nl\n",
        "\u0000\u001f", "del\u007f", "é latin-1", "ü€ bmp", "\u2028\u2029", "pair \ud83d\ude00", "lone \ud83d",
        "lone \ude00 low", "end \ud83d"})
    void stringsEncodeAsTheWriterDoes(String s) throws IOException {
        assertArrayEquals(viaWriter(w -> w.value(s)), viaBytes(b -> b.string(s)), s);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 9, 10, 99, 100, 1_234_567, -1, -10, -987_654_321_000L, Long.MAX_VALUE,
        Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void numbersEncodeAsTheWriterDoes(long v) throws IOException {
        assertArrayEquals(viaWriter(w -> w.value(v)), viaBytes(b -> b.number(v)), Long.toString(v));
    }

    @Test
    void nullStringIsJsonNull() throws IOException {
        assertArrayEquals(viaWriter(w -> w.value((String) null)), viaBytes(b -> b.string(null)));
    }

    private static byte[] viaWriter(Consumer<JsonWriter> value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            JsonWriter json = JsonWriter.compact(w);
            value.accept(json);
            json.flush();
        }
        return out.toByteArray();
    }

    private static byte[] viaBytes(Consumer<JsonBytes> value) throws IOException {
        JsonBytes b = new JsonBytes(4);
        value.accept(b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.drainTo(out);
        return out.toByteArray();
    }
}
