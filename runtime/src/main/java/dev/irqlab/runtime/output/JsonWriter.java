package dev.irqlab.runtime.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * A streaming JSON writer: text collects in a small buffer that goes to the underlying {@link Writer}
 * whenever a top-level value is complete and the buffer holds more than 8 KiB, and on {@link
 * #flush}; the writer only remembers its nesting (for commas and indentation). Compact by default;
 * {@link #pretty} indents with two spaces. Misuse (a value where a name is due, unbalanced ends) is a programming error
 * and throws {@link IllegalStateException}. I/O errors surface as {@link UncheckedIOException}.
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 64;
    private static final int FLUSH_AT = 8192;
    private static final int MAX_QUOTED_NAMES = 256;

    private final Writer out;
    private final StringBuilder buf = new StringBuilder(FLUSH_AT + 1024);
    private char[] chars = new char[FLUSH_AT + 1024];
    private final boolean pretty;
    private final Map<String, String> quotedNames = new HashMap<>();
    /** Per depth: true for an object, false for an array. */
    private final boolean[] isObject = new boolean[MAX_DEPTH];
    /** Per depth: whether a member has been written (a comma is due before the next). */
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private int depth;
    private boolean nameWritten;
    private boolean done;

    private JsonWriter(Writer out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    /** A writer with no whitespace between tokens. */
    public static JsonWriter compact(Writer out) {
        return new JsonWriter(out, false);
    }

    /** A writer that puts each member on its own line, indented by two spaces per level. */
    public static JsonWriter pretty(Writer out) {
        return new JsonWriter(out, true);
    }

    public JsonWriter beginObject() {
        beforeValue();
        push(true);
        write('{');
        return this;
    }

    public JsonWriter endObject() {
        return end(true, '}');
    }

    public JsonWriter beginArray() {
        beforeValue();
        push(false);
        write('[');
        return this;
    }

    public JsonWriter endArray() {
        return end(false, ']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (depth == 0 || !isObject[depth - 1] || nameWritten) {
            throw new IllegalStateException("name \"" + name + "\" outside an object or after another name");
        }
        separate();
        buf.append(quotedName(name));
        write(pretty ? ": " : ":");
        nameWritten = true;
        return this;
    }

    public JsonWriter value(String s) {
        if (s == null) {
            return nullValue();
        }
        beforeValue();
        quoted(s);
        return this;
    }

    public JsonWriter value(long v) {
        beforeValue();
        buf.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        beforeValue();
        write(v ? "true" : "false");
        return this;
    }

    /** A boxed number or null. */
    public JsonWriter value(Long v) {
        return v == null ? nullValue() : value(v.longValue());
    }

    /** A number already in JSON syntax (for example {@link Json#microsFromNanos}). */
    public JsonWriter rawNumber(String jsonNumber) {
        beforeValue();
        write(jsonNumber);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        write("null");
        return this;
    }

    /**
     * Forgets a completed top-level value so that the next one can follow (JSON Lines, or values
     * embedded by the caller in text it writes itself).
     */
    public JsonWriter reset() {
        if (depth != 0 || nameWritten) {
            throw new IllegalStateException("reset inside an unfinished value");
        }
        done = false;
        return this;
    }

    /**
     * Text the caller places between values (a newline in JSON Lines, a wrapper around an array it
     * streams itself); only legal between top-level values.
     */
    public JsonWriter raw(String text) {
        if (depth != 0) {
            throw new IllegalStateException("raw text inside a JSON value");
        }
        buf.append(text);
        return this;
    }

    /** Hands the buffered text to the underlying writer and flushes that. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        int n = buf.length();
        if (chars.length < n) {
            chars = new char[n];
        }
        buf.getChars(0, n, chars, 0);
        buf.setLength(0);
        try {
            out.write(chars, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a complete top-level value has been written. */
    public boolean isComplete() {
        return done;
    }

    private JsonWriter end(boolean object, char close) {
        if (depth == 0 || isObject[depth - 1] != object || nameWritten) {
            throw new IllegalStateException("unbalanced " + close);
        }
        boolean had = hasMember[depth - 1];
        depth--;
        if (pretty && had) {
            newline();
        }
        write(close);
        if (depth == 0) {
            done = true;
            if (buf.length() > FLUSH_AT) {
                drain();
            }
        }
        return this;
    }

    private void push(boolean object) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nesting deeper than " + MAX_DEPTH);
        }
        isObject[depth] = object;
        hasMember[depth] = false;
        depth++;
    }

    private void beforeValue() {
        if (depth == 0) {
            if (done) {
                throw new IllegalStateException("a second top-level JSON value");
            }
            return;
        }
        if (isObject[depth - 1]) {
            if (!nameWritten) {
                throw new IllegalStateException("object member value without a name");
            }
            nameWritten = false;
            return;
        }
        separate();
    }

    /** Comma and indentation before a member of the current container. */
    private void separate() {
        if (hasMember[depth - 1]) {
            write(',');
        }
        hasMember[depth - 1] = true;
        if (pretty) {
            newline();
        }
    }

    private void newline() {
        write('\n');
        for (int i = 0; i < depth; i++) {
            write("  ");
        }
    }

    /** A member name as a quoted JSON string; names repeat, so the first few hundred are kept quoted. */
    private String quotedName(String name) {
        String q = quotedNames.get(name);
        if (q == null) {
            q = Json.quote(name);
            if (quotedNames.size() < MAX_QUOTED_NAMES) {
                quotedNames.put(name, q);
            }
        }
        return q;
    }

    private void quoted(String s) {
        try {
            Json.quote(s, buf);
        } catch (IOException e) {
            throw new IllegalStateException("StringBuilder cannot fail", e);
        }
    }

    private void write(String s) {
        buf.append(s);
    }

    private void write(char c) {
        buf.append(c);
    }
}
