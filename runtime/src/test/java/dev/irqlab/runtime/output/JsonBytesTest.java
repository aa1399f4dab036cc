package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Members written again come from the member's table: the same objects; more values than a bucket
     * holds that share it and take entries over from each other; an equal value that is another
     * object; one that needs escapes; null; one written once between them. Every member is still
     * {@code ,"name":} and the value as the writer writes it.
     */
    @Test
    void membersWrittenAgainEncodeTheSame() throws IOException {
        String a = "spi 8 (intid 40)";
        String[] same = new String[JsonBytes.Member.WAYS + 1];
        for (int i = 0; i < same.length; i++) {
            same[i] = sameBucketAs(a, i);
        }
        String escaped = "GICD_ISENABLER \"0\"\n";
        String copy = new String(a.toCharArray());
        List<String> sequence = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            sequence.addAll(List.of(a, a, escaped, copy, a, "é once " + round));
            sequence.add(null);
            for (int i = 0; i < same.length; i++) {
                sequence.addAll(List.of(same[i], same[i], a, same[(i + 2) % same.length]));
            }
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String s : sequence) {
            expected.write(",\"m\":".getBytes(StandardCharsets.UTF_8));
            expected.write(viaWriter(w -> w.value(s)));
        }
        JsonBytes.Member member = new JsonBytes.Member("m");
        assertArrayEquals(expected.toByteArray(), viaBytes(bytes -> sequence.forEach(s -> bytes.member(member, s))));
    }

    /** The n-th string other than {@code s} in the same bucket of a member's table. */
    private static String sameBucketAs(String s, int n) {
        for (int i = 0;; i++) {
            String t = "other " + i;
            if (JsonBytes.Member.bucket(t.hashCode()) == JsonBytes.Member.bucket(s.hashCode()) && n-- == 0) {
                return t;
            }
        }
    }

    /** A number that repeats is written as a new one is: the same value, another, then the first again. */
    @Test
    void repeatedNumbersEncodeAsTheWriterDoes() throws IOException {
        long[] values = {0, 0, 1_000_250, 1_000_250, 1_000_250, 7, -3, -3, 0, 1_000_250};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (long v : values) {
            expected.write(viaWriter(w -> w.value(v)));
        }
        assertArrayEquals(expected.toByteArray(), viaBytes(bytes -> {
            for (long v : values) {
                bytes.repeatedNumber(v);
            }
        }));
    }

    /** Every length of decimal: each power of ten and of two, one either side, and their negatives. */
    @Test
    void numbersAtEveryDigitCountEncodeAsTheWriterDoes() throws IOException {
        List<Long> values = new ArrayList<>();
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            values.addAll(List.of(p - 1, p, p + 1));
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        for (int bit = 0; bit < 63; bit++) {
            long p = 1L << bit;
            values.addAll(List.of(p - 1, p, p + 1));
        }
        for (long v : values) {
            assertArrayEquals(viaWriter(w -> w.value(v)), viaBytes(b -> b.number(v)), Long.toString(v));
            assertArrayEquals(viaWriter(w -> w.value(-v)), viaBytes(b -> b.number(-v)), Long.toString(-v));
        }
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
