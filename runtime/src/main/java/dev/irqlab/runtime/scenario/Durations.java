package dev.irqlab.runtime.scenario;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in scenario files: a whole number and a unit ({@code 500us}, {@code 2ms}),
 * no space, no fraction, no sign but a refused {@code -}. Parsed to nanoseconds.
 */
public final class Durations {

    /** The units, as listed in error messages. */
    static final List<String> UNITS = List.of("ns", "us", "µs", "ms", "s");

    private static final Map<String, Long> NS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L);
    private static final Pattern SHAPE = Pattern.compile("(-?)([0-9]+)(\\p{L}*)");
    private static final String ALLOWED_UNITS = "allowed units: " + String.join(", ", UNITS);

    private Durations() {
    }

    /** The outcome of parsing: nanoseconds, or the error message (starting with {@code found '...'}). */
    record Parsed(long ns, String error) {
        boolean ok() {
            return error == null;
        }
    }

    static Parsed parse(String text) {
        Matcher m = SHAPE.matcher(text);
        String found = "found '" + Values.clip(text) + "'";
        if (!m.matches()) {
            return new Parsed(0, found + ", expected a duration: a whole number and a unit; " + ALLOWED_UNITS);
        }
        String unit = m.group(3);
        if (unit.isEmpty()) {
            return new Parsed(0, found + ", a duration needs a unit; " + ALLOWED_UNITS);
        }
        Long scale = NS_PER_UNIT.get(unit);
        if (scale == null) {
            return new Parsed(0, found + ", unknown unit '" + Values.clip(unit) + "'; " + ALLOWED_UNITS);
        }
        if (!m.group(1).isEmpty()) {
            return new Parsed(0, found + ", a duration must not be negative");
        }
        BigInteger ns = new BigInteger(m.group(2)).multiply(BigInteger.valueOf(scale));
        if (ns.bitLength() > 63) {
            return new Parsed(0, found + ", more than the largest duration " + Long.MAX_VALUE + "ns");
        }
        return new Parsed(ns.longValueExact(), null);
    }

    /**
     * A duration given outside a scenario (a command-line option), in nanoseconds.
     *
     * @throws IllegalArgumentException with the message the loader would give ({@code found '...', ...})
     */
    public static long parseOption(String text) {
        Parsed parsed = parse(text);
        if (!parsed.ok()) {
            throw new IllegalArgumentException(parsed.error());
        }
        return parsed.ns();
    }

    /** The shortest exact spelling of a duration: {@code 2ms}, {@code 1500us}, {@code 7ns}. */
    public static String format(long ns) {
        if (ns != 0 && ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns != 0 && ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        if (ns != 0 && ns % 1_000L == 0) {
            return ns / 1_000L + "us";
        }
        return ns + "ns";
    }
}
