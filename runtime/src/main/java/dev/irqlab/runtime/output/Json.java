package dev.irqlab.runtime.output;

import java.io.IOException;

/**
 * JSON text primitives (RFC 8259): string quoting and integer and fixed-point numbers. Strings
 * escape {@code "}, {@code \}, every control character below U+0020 (short forms {@code \b \f \n
 * \r \t}, otherwise {@code \}{@code u00XX}), U+2028/U+2029 (so the text is also valid JavaScript)
 * and lone surrogates (so the UTF-8 encoding of the output never loses a character).
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static void quote(CharSequence s, Appendable out) throws IOException {
        out.append('"');
        int n = s.length();
        int first = 0;
        while (first < n && !mayNeedEscape(s.charAt(first))) {
            first++;
        }
        if (first == n) {
            out.append(s); // the common case: nothing to escape
            out.append('"');
            return;
        }
        int start = 0;
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            String esc = escapeOf(s, i, c);
            if (esc != null) {
                out.append(s, start, i);
                out.append(esc);
                start = i + 1;
            }
        }
        out.append(s, start, n);
        out.append('"');
    }

    /** {@code s} as a quoted JSON string. */
    public static String quote(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        try {
            quote(s, b);
        } catch (IOException e) {
            throw new IllegalStateException("StringBuilder cannot fail", e);
        }
        return b.toString();
    }

    /**
     * Nanoseconds as a decimal number of microseconds with exactly three fraction digits
     * ({@code 1234567} → {@code 1234.567}), exact, without going through {@code double}.
     */
    public static String microsFromNanos(long ns) {
        long abs = Math.abs(ns);
        long whole = abs / 1000;
        long frac = abs % 1000;
        StringBuilder b = new StringBuilder(24);
        if (ns < 0) {
            b.append('-');
        }
        b.append(whole).append('.');
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        return b.append(frac).toString();
    }

    /**
     * False only for characters {@link #escapeOf} never escapes, whatever surrounds them; true for
     * {@code "}, {@code \}, controls, U+2028/U+2029 and every surrogate (decided by the full check).
     */
    private static boolean mayNeedEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || (c >= 0x2028 && (c <= 0x2029 || Character.isSurrogate(c)));
    }

    private static String escapeOf(CharSequence s, int i, char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            default:
                break;
        }
        if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            return unicodeEscape(c);
        }
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            return paired ? null : unicodeEscape(c);
        }
        if (Character.isLowSurrogate(c)) {
            boolean paired = i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            return paired ? null : unicodeEscape(c);
        }
        return null;
    }

    private static String unicodeEscape(char c) {
        return new String(new char[] {'\\', 'u', HEX[(c >> 12) & 0xf], HEX[(c >> 8) & 0xf], HEX[(c >> 4) & 0xf],
            HEX[c & 0xf]});
    }
}
