package dev.irqlab.runtime.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text encoded straight to UTF-8 bytes in a growable buffer, for writers that emit many small
 * values (the JSON Lines trace). Strings of printable ASCII without {@code "} or {@code \} (every name
 * the models use) are copied byte by byte; any other string goes through {@link Json#quote}, so the
 * escaping rules and the bytes are exactly those of {@link JsonWriter} over a UTF-8 writer.
 */
final class JsonBytes {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int pos;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    /** The number of bytes held. */
    int size() {
        return pos;
    }

    /** Bytes already in JSON syntax (pre-encoded names, punctuation). */
    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    JsonBytes raw(char asciiChar) {
        ensure(1);
        buf[pos++] = (byte) asciiChar;
        return this;
    }

    /** A decimal integer, as {@link Long#toString(long)} writes it. */
    JsonBytes number(long v) {
        if (v == Long.MIN_VALUE) {
            return raw(MIN_LONG);
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        pos = end;
        return this;
    }

    /** {@code s} as a quoted JSON string, or {@code null}. */
    JsonBytes string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        int n = s.length();
        ensure(n + 2);
        int p = pos;
        buf[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return raw(Json.quote(s).getBytes(StandardCharsets.UTF_8));
            }
            buf[p++] = (byte) c;
        }
        buf[p++] = '"';
        pos = p;
        return this;
    }

    /** Writes the bytes held to {@code out} and empties the buffer. */
    void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
