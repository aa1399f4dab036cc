package dev.irqlab.runtime.scenario;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reading of scalar nodes. Each reader returns the value, or records one problem at the
 * node and returns empty. Types follow the YAML 1.2 core schema tags the composer resolved: an
 * integer must be a plain integer ({@code 8}, not {@code "8"}), a boolean a plain {@code true} /
 * {@code false}.
 */
final class Values {

    private static final int CLIP = 60;

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    /** How a node reads in a message: {@code 'text'}, {@code nothing}, {@code a mapping}, {@code a sequence}. */
    static String describe(Node node) {
        if (node.getNodeType() == NodeType.MAPPING) {
            return "a mapping";
        }
        if (node.getNodeType() == NodeType.SEQUENCE) {
            return "a sequence";
        }
        if (node.getNodeType() == NodeType.ANCHOR) {
            return "an alias";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(scalar.getTag())) {
            return "nothing";
        }
        return "'" + clip(scalar.getValue()) + "'";
    }

    /** A hint for numbers and booleans written in quotes, which YAML reads as text. */
    private static String quoted(Node node) {
        return node instanceof ScalarNode && !((ScalarNode) node).isPlain() ? " in quotes (text)" : "";
    }

    /** Long texts shortened for messages. */
    static String clip(String text) {
        return text.length() <= CLIP ? text : text.substring(0, CLIP) + "...";
    }

    /** A written scalar's text (any tag but null). */
    Optional<String> text(Node node, String key) {
        if (node instanceof ScalarNode && !Tag.NULL.equals(node.getTag())) {
            return Optional.of(((ScalarNode) node).getValue());
        }
        problems.at(node, key, "found " + describe(node) + ", expected text");
        return Optional.empty();
    }

    /** One of a fixed set of words. */
    Optional<String> choice(Node node, String key, List<String> allowed) {
        Optional<String> text = text(node, key);
        if (text.isPresent() && !allowed.contains(text.get())) {
            problems.at(node, key, "found " + describe(node) + ", allowed: " + allowedList(allowed));
            return Optional.empty();
        }
        return text;
    }

    /** A plain integer within {@code [min, max]}. */
    Optional<Long> integer(Node node, String key, long min, long max) {
        if (!(node instanceof ScalarNode) || !Tag.INT.equals(node.getTag())) {
            problems.at(node, key, "found " + describe(node) + quoted(node) + ", expected an integer");
            return Optional.empty();
        }
        BigInteger value = parseCoreInt(((ScalarNode) node).getValue());
        if (value == null) {
            problems.at(node, key, "found " + describe(node) + ", expected an integer");
            return Optional.empty();
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.at(node, key, "found " + describe(node) + ", allowed: " + range(min, max, Long::toString));
            return Optional.empty();
        }
        return Optional.of(value.longValueExact());
    }

    /** A plain {@code true} or {@code false}. */
    Optional<Boolean> bool(Node node, String key) {
        String word = node instanceof ScalarNode && Tag.BOOL.equals(node.getTag())
                ? ((ScalarNode) node).getValue().toLowerCase(java.util.Locale.ROOT) : "";
        if (!word.equals("true") && !word.equals("false")) {
            problems.at(node, key, "found " + describe(node) + quoted(node) + ", allowed: true, false");
            return Optional.empty();
        }
        return Optional.of(word.equals("true"));
    }

    /** A duration within {@code [minNs, maxNs]}, in nanoseconds. */
    Optional<Long> duration(Node node, String key, long minNs, long maxNs) {
        if (!(node instanceof ScalarNode) || Tag.NULL.equals(node.getTag())) {
            problems.at(node, key, "found " + describe(node) + ", expected a duration; allowed units: "
                    + String.join(", ", Durations.UNITS));
            return Optional.empty();
        }
        Durations.Parsed parsed = Durations.parse(((ScalarNode) node).getValue());
        if (!parsed.ok()) {
            problems.at(node, key, parsed.error());
            return Optional.empty();
        }
        if (parsed.ns() < minNs || parsed.ns() > maxNs) {
            problems.at(node, key, "found " + describe(node) + ", allowed: " + range(minNs, maxNs, Durations::format));
            return Optional.empty();
        }
        return Optional.of(parsed.ns());
    }

    /**
     * A duration, or a range of durations {@code low..high} ({@code 5us..200us}) that the explorer
     * covers and a plain run reads as its lower bound; both ends within {@code [min, max]}, low
     * not above high.
     */
    Optional<Object> durationOrRange(Node node, String key, long minNs, long maxNs) {
        if (!(node instanceof ScalarNode scalar) || !scalar.getValue().contains("..")) {
            return duration(node, key, minNs, maxNs).map(ns -> ns);
        }
        String text = scalar.getValue();
        int cut = text.indexOf("..");
        Long[] ends = new Long[2];
        String[] parts = {text.substring(0, cut).trim(), text.substring(cut + 2).trim()};
        for (int i = 0; i < 2; i++) {
            Durations.Parsed parsed = Durations.parse(parts[i]);
            if (!parsed.ok()) {
                problems.at(node, key, "in the range '" + clip(text) + "': " + parsed.error());
                return Optional.empty();
            }
            if (parsed.ns() < minNs || parsed.ns() > maxNs) {
                problems.at(node, key, "found " + describe(node) + ", allowed: " + range(minNs, maxNs,
                        Durations::format) + " at both ends");
                return Optional.empty();
            }
            ends[i] = parsed.ns();
        }
        if (ends[0] > ends[1]) {
            problems.at(node, key, "found " + describe(node) + ", the low end lies above the high end");
            return Optional.empty();
        }
        return Optional.of(ends[0].equals(ends[1]) ? ends[0] : new DurationRange(ends[0], ends[1]));
    }

    /** {@code 1..64}, {@code >= 0} or {@code <= 5}. */
    static String range(long min, long max, LongFunction<String> format) {
        if (max == Long.MAX_VALUE && min == Long.MIN_VALUE) {
            return format.apply(min) + ".." + format.apply(max);
        }
        if (max == Long.MAX_VALUE) {
            return ">= " + format.apply(min);
        }
        if (min == Long.MIN_VALUE) {
            return "<= " + format.apply(max);
        }
        return format.apply(min) + ".." + format.apply(max);
    }

    static String allowedList(java.util.Collection<String> allowed) {
        return allowed.isEmpty() ? "(none)" : String.join(", ", allowed);
    }

    /**
     * An integer in the YAML 1.2 core schema spellings ({@code [-+]?[0-9]+}, {@code 0o17},
     * {@code 0x1F}), the only ones the resolver tags {@code !!int}; null for anything else (an
     * explicit {@code !!int} tag on a word).
     */
    static BigInteger parseCoreInt(String text) {
        try {
            if (text.startsWith("0x")) {
                return new BigInteger(text.substring(2), 16);
            }
            if (text.startsWith("0o")) {
                return new BigInteger(text.substring(2), 8);
            }
            return new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
