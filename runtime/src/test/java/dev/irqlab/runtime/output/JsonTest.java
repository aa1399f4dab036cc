package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** JSON text rules of RFC 8259 §7 (strings) and §6 (numbers) as the writers produce them. */
class JsonTest {

    @Test
    void quoteEscapesQuoteBackslashAndControlCharactersPerRfc8259Section7() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"", Json.quote("a\"b\\c\n\r\t\b\f\u0001\u001f"));
    }

    @Test
    void quoteEscapesLineSeparatorsAndLoneSurrogatesButKeepsPairsAndOtherUnicode() {
        assertEquals("\"\u00e9\\u2028\\u2029\"", Json.quote("\u00e9\u2028\u2029"));
        assertEquals("\"\\ud800x\\udc00\"", Json.quote("\ud800x\udc00"));
        assertEquals("\"\ud83d\ude00\"", Json.quote("\ud83d\ude00"));
    }

    @Test
    void quotedStringsRoundTripThroughAStrictParser() {
        String nasty = "spi 40 \"pending\"\\\n\t\u0000\u007f\u00e9\u2028\ud83d\ude00";
        assertEquals(nasty, TinyJson.parse(Json.quote(nasty)));
    }

    @Test
    void microsFromNanosIsExactWithThreeFractionDigits() {
        assertEquals("0.000", Json.microsFromNanos(0));
        assertEquals("0.007", Json.microsFromNanos(7));
        assertEquals("1234.567", Json.microsFromNanos(1_234_567));
        assertEquals("1.050", Json.microsFromNanos(1_050));
        assertEquals("-0.250", Json.microsFromNanos(-250));
        assertEquals("9223372036854775.807", Json.microsFromNanos(Long.MAX_VALUE));
    }

    @Test
    void writerProducesCompactAndPrettyFormsOfTheSameValue() {
        StringWriter compact = new StringWriter();
        write(JsonWriter.compact(compact));
        assertEquals("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{}}", compact.toString());
        StringWriter pretty = new StringWriter();
        write(JsonWriter.pretty(pretty));
        assertEquals("{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null,\n    \"x\"\n  ],\n  \"c\": {}\n}",
            pretty.toString());
        assertEquals(TinyJson.parse(compact.toString()), TinyJson.parse(pretty.toString()));
    }

    @Test
    void writerRejectsAValueWithoutANameAndUnbalancedEnds() {
        JsonWriter w = JsonWriter.compact(new StringWriter());
        w.beginObject();
        assertThrows(IllegalStateException.class, () -> w.value(1));
        assertThrows(IllegalStateException.class, w::endArray);
        w.endObject();
        assertThrows(IllegalStateException.class, w::beginObject);
    }

    private static void write(JsonWriter w) {
        w.beginObject().name("a").value(1).name("b").beginArray().value(true).value((String) null).value("x")
            .endArray().name("c").beginObject().endObject().endObject().flush();
    }
}
