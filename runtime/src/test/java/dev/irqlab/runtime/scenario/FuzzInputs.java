package dev.irqlab.runtime.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generators of hostile scenario text for the fuzz tests: character soup rich in YAML
 * indicators, edits of valid scenarios (deletions, insertions, hostile values, duplicated or lost
 * lines, re-indentation, truncation, swapped keys) and random nested YAML using the language's keys.
 * Pure functions of their {@link SplittableRandom}.
 */
final class FuzzInputs {

    static final String SPECIALS = ":-[]{},#&*!|>'\"%@`?\t\n\r \\~.0123456789abcdefmnsuµ\u0000\u0085\u2028\uFEFF\uD83D\uDE00";
    static final List<String> TOKENS = List.of("-1", "0", "0x1F", "0o7", "+3", "99999999999999999999",
            "9223372036854775807s", "1.5", "1ms", "0ms", "-0ns", "5min", "µs", "10 us", "~", "null", "[]", "{}",
            "[a, [b]]", "{a: 1}", "*a", "&a x", "!!int foo", "!!bool maybe", "!!str 8", "!foo bar", "true", "yes",
            "\"\"", "''", "|\n  text", ">-", "---", "...", "<<: *a", "? [x]", "level-high", "edge", "none",
            "gicv3", "elan_i2c", "spurious", "latency.assert-to-ack.p99", "exits.mmio", "%YAML 1.2");
    static final List<String> KEYS = List.of("name", "description", "seed", "run", "duration", "drain",
            "platform", "controller", "virtual-controller", "kernel", "hypervisor", "forwarder", "system-sleep",
            "host-cpus", "vcpus", "fix", "config", "devices", "model", "interrupt", "line", "trigger", "guest-pin",
            "forwarding", "driver", "flow", "workload", "start", "period", "count", "jitter", "at", "suspend", "vmm",
            "force-unmask-at-start", "expect", "min", "max", "eoi-mode", "thread-wakeup", "x", "");

    private FuzzInputs() {
    }

    static String mutate(String text, SplittableRandom r) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.length() == 0 ? 0 : r.nextInt(s.length());
            switch (r.nextInt(7)) {
                case 0: // delete a range
                    s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(12)));
                    break;
                case 1: // insert special characters
                    s.insert(at, soupOf(r, 1 + r.nextInt(4)));
                    break;
                case 2: // replace the value after a colon with a hostile token
                    int colon = s.indexOf(": ", at);
                    if (colon >= 0) {
                        int end = s.indexOf("\n", colon);
                        s.replace(colon + 2, end < 0 ? s.length() : end, pick(r, TOKENS));
                    }
                    break;
                case 3: // duplicate or drop a line
                    List<String> lines = new ArrayList<>(List.of(s.toString().split("\n", -1)));
                    int l = r.nextInt(lines.size());
                    if (r.nextBoolean()) {
                        lines.add(l, lines.get(l));
                    } else {
                        lines.remove(l);
                    }
                    s.setLength(0);
                    s.append(String.join("\n", lines));
                    break;
                case 4: // re-indent a line
                    int nl = s.lastIndexOf("\n", at);
                    s.insert(nl + 1, r.nextBoolean() ? " " : "  ");
                    break;
                case 5: // truncate
                    s.setLength(at);
                    break;
                default: // swap a key for another known or unknown key
                    int c = s.indexOf(":", at);
                    int startOfKey = s.lastIndexOf("\n", c) + 1;
                    if (c > startOfKey) {
                        String line = s.substring(startOfKey, c);
                        int indent = line.length() - line.stripLeading().length();
                        s.replace(startOfKey + indent, c, pick(r, KEYS));
                    }
                    break;
            }
        }
        return s.toString();
    }

    static String soup(SplittableRandom r) {
        return soupOf(r, r.nextInt(200));
    }

    private static String soupOf(SplittableRandom r, int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            if (r.nextInt(4) == 0) {
                s.append(pick(r, TOKENS));
            } else {
                int i = r.nextInt(SPECIALS.length());
                s.append(SPECIALS.charAt(i));
            }
        }
        return s.toString();
    }

    /** Random nested YAML in block style, with known keys, so the walk reaches deep sections. */
    static String tree(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        emitMapping(s, r, 0, 1 + r.nextInt(ScenarioLoader.MAX_DEPTH + 4));
        return s.toString();
    }

    /** Stops growing a tree once it is this long, so deep trees stay narrow. */
    private static final int TREE_CHARS = 4000;

    private static boolean full(StringBuilder s) {
        return s.length() > TREE_CHARS;
    }

    private static void emitMapping(StringBuilder s, SplittableRandom r, int indent, int depthLeft) {
        int entries = full(s) ? 1 : 1 + r.nextInt(5);
        for (int i = 0; i < entries; i++) {
            s.append(" ".repeat(indent)).append(pick(r, KEYS)).append(":");
            emitValue(s, r, indent, depthLeft);
        }
    }

    private static void emitValue(StringBuilder s, SplittableRandom r, int indent, int depthLeft) {
        int kind = depthLeft <= 0 || full(s) ? 0 : r.nextInt(3);
        if (kind == 0) {
            s.append(' ').append(pick(r, TOKENS).replace("\n", " ")).append('\n');
        } else if (kind == 1) {
            s.append('\n');
            emitMapping(s, r, indent + 2, depthLeft - 1);
        } else {
            s.append('\n');
            int items = 1 + r.nextInt(3);
            for (int i = 0; i < items; i++) {
                s.append(" ".repeat(indent + 2)).append("-");
                if (r.nextBoolean() || full(s)) {
                    s.append(' ').append(pick(r, TOKENS).replace("\n", " ")).append('\n');
                } else {
                    s.append('\n');
                    emitMapping(s, r, indent + 4, depthLeft - 1);
                }
            }
        }
    }

    private static String pick(SplittableRandom r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }
}
