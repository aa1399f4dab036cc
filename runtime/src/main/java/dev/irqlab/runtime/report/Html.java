package dev.irqlab.runtime.report;

import java.util.Locale;

/** A string builder for HTML that escapes text and attribute values, and formats durations. */
final class Html {

    private final StringBuilder b = new StringBuilder(1 << 16);

    Html raw(String s) {
        b.append(s);
        return this;
    }

    /** Character data: {@code & < >} escaped. */
    Html text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return this;
    }

    /** A double-quoted attribute value: {@code & < > "} escaped. */
    Html attr(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }

    /** A virtual duration for a reader: {@code 523us}, {@code 3.00us}, {@code 12.000ms}, {@code 1.200000s}. */
    static String duration(long ns) {
        if (ns < 10_000) {
            return String.format(Locale.ROOT, "%.2fus", ns / 1000.0);
        }
        if (ns < 10_000_000) {
            return (ns / 1000) + "us";
        }
        if (ns < 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.3fms", ns / 1_000_000.0);
        }
        return String.format(Locale.ROOT, "%.6fs", ns / 1_000_000_000.0);
    }
}
