package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of malformed or nonsensical scenarios (hand-written and generated) and option
 * combinations. Each exits 2 with the location of the problem - {@code file:line:column} inside the
 * scenario, the option outside it - with no stack trace, within seconds, and nothing written or
 * modified. Scenario cases run through both {@code validate} and {@code run} (with outputs): whatever
 * run refuses, validate refuses too. Every case runs in this JVM, in process, over plugins discovered
 * once: the corpus costs about what its 230 scenario loads and stack builds cost.
 */
class MalformedCorpusTest {

    private final PluginRegistry plugins = PluginRegistry.discover(MalformedCorpusTest.class.getClassLoader());

    private static final String BASE = TestScenarios.TOUCHPAD;
    private static final Pattern LOCATED = Pattern.compile("(^|\\n)[^\\n]*s\\.yaml:\\d+:\\d+: ");

    @TempDir
    Path dir;

    /** A mutation of the base scenario: replace {@code from} (which must occur) by {@code to}. */
    private record Mutation(String what, String from, String to) {
    }

    private static List<Mutation> handWritten() {
        List<Mutation> m = new ArrayList<>();
        m.add(new Mutation("seed not a number", "seed: 7", "seed: seven"));
        m.add(new Mutation("duration without unit", "duration: 20ms", "duration: 20"));
        m.add(new Mutation("negative duration", "duration: 20ms", "duration: -5ms"));
        m.add(new Mutation("unknown unit", "duration: 20ms", "duration: 20parsecs"));
        m.add(new Mutation("drain a word", "drain: 10ms", "drain: yes"));
        m.add(new Mutation("unknown controller", "controller: gicv3\n", "controller: gicv4\n"));
        m.add(new Mutation("unknown virtual controller", "virtual-controller: vgic-v3", "virtual-controller: vgic-v4"));
        m.add(new Mutation("x86 virtual controller on arm", "virtual-controller: vgic-v3",
                "virtual-controller: kvm-ioapic"));
        m.add(new Mutation("gicv2 host with vgic-v3", "controller: gicv3\n", "controller: gicv2\n"));
        m.add(new Mutation("device name shape", "name: touchpad", "name: Touch Pad"));
        m.add(new Mutation("unknown model", "model: elan-i2c", "model: elan"));
        m.add(new Mutation("negative line", "line: 8", "line: -1"));
        m.add(new Mutation("line a word", "line: 8", "line: eight"));
        m.add(new Mutation("SPI out of range", "line: 8", "line: 5000"));
        m.add(new Mutation("SPI beyond the configured count", "seed: 7\n", "seed: 7\nconfig: {controller: {spis: 4}}\n"));
        m.add(new Mutation("guest pin beyond the vGIC", "interrupt: {line: 8", "guest-pin: 900\n    interrupt: {line: 8"));
        m.add(new Mutation("unknown trigger", "trigger: level-high", "trigger: sideways"));
        m.add(new Mutation("unknown driver", "name: elan_i2c", "name: elan"));
        m.add(new Mutation("unknown flow", "flow: oneshot-threaded", "flow: threaded"));
        m.add(new Mutation("zero period", "period: 5ms", "period: 0ms"));
        m.add(new Mutation("zero count", "count: 3", "count: 0"));
        m.add(new Mutation("workload longer than the run", "count: 3", "count: 300"));
        m.add(new Mutation("workload starting after the run", "start: 1ms", "start: 1s"));
        m.add(new Mutation("jitter larger than the period", "count: 3}", "count: 3, jitter: 6ms}"));
        m.add(new Mutation("explicit time after the run", "workload: {start: 1ms, period: 5ms, count: 3}",
                "workload: {at: [1ms, 50ms]}"));
        m.add(new Mutation("at with period", "count: 3}", "count: 3, at: [1ms]}"));
        m.add(new Mutation("misspelled metric", "device-events: 3", "device-event: 3"));
        m.add(new Mutation("negative expectation", "lost: 0", "lost: -1"));
        m.add(new Mutation("misspelled message key", "lost: 0", "messages.elan_i2c.invalid_reprot: 0"));
        m.add(new Mutation("min above max", "lost: 0", "lost: {min: 3, max: 1}"));
        m.add(new Mutation("spurious of an absent driver", "lost: 0", "spurious.cros_ec: 0"));
        m.add(new Mutation("duplicate key", "seed: 7\n", "seed: 7\nseed: 8\n"));
        m.add(new Mutation("unknown root key", "seed: 7\n", "seed: 7\nsede: 8\n"));
        m.add(new Mutation("VM start after the run", "seed: 7\n", "seed: 7\nvmm: {vm-start: 30ms}\n"));
        m.add(new Mutation("x86 fix on arm", "seed: 7\n", "seed: 7\nfix: resample-on-unmask\n"));
        m.add(new Mutation("two resamplers", "seed: 7\n", "seed: 7\nfix: [irqfd-mask-notifier, resample-on-eoi]\n"));
        m.add(new Mutation("unknown fix", "seed: 7\n", "seed: 7\nfix: make-it-work\n"));
        m.add(new Mutation("none with a fix", "seed: 7\n", "seed: 7\nfix: [none, resample-on-eoi]\n"));
        m.add(new Mutation("suspend after the run", "seed: 7\n", "seed: 7\nsuspend: {at: 50ms, duration: 1ms}\n"));
        m.add(new Mutation("unknown config key", "seed: 7\n", "seed: 7\nconfig: {kernel: {hz: 99}}\n"));
        m.add(new Mutation("config of an unchosen role", "seed: 7\n", "seed: 7\nconfig: {gpu: {x: 1}}\n"));
        m.add(new Mutation("action after the run", "seed: 7\n",
                "seed: 7\nactions:\n  - {at: 30ms, kernel: host, call: disable_irq, device: touchpad}\n"));
        m.add(new Mutation("action on an unknown device", "seed: 7\n",
                "seed: 7\nactions:\n  - {at: 3ms, kernel: host, call: disable_irq, device: mouse}\n"));
        m.add(new Mutation("unknown register", "seed: 7\n",
                "seed: 7\nactions:\n  - {at: 3ms, controller: host, read: GICD_NOPE}\n"));
        m.add(new Mutation("unclosed flow mapping", "drain: 10ms}", "drain: 10ms"));
        m.add(new Mutation("tab indentation", "  controller: gicv3", "\tcontroller: gicv3"));
        m.add(new Mutation("devices not a list", "devices:\n", "devices: 3\nx:\n"));
        m.add(new Mutation("empty devices", "devices:\n", "devices: []\nold-devices:\n"));
        m.add(new Mutation("missing name", "name: cli test touchpad\n", ""));
        m.add(new Mutation("missing run", "run: {duration: 20ms, drain: 10ms}\n", ""));
        m.add(new Mutation("missing platform", "platform:\n  controller: gicv3\n  virtual-controller: vgic-v3\n", ""));
        m.add(new Mutation("alias bomb", "seed: 7\n", "seed: 7\nx: &a [*a]\n"));
        m.add(new Mutation("NUL character", "seed: 7", "seed: 7\u0000"));
        m.add(new Mutation("merge key", "seed: 7\n", "seed: 7\n<<: {a: 1}\n"));
        m.add(new Mutation("deep nesting", "seed: 7\n", "seed: 7\nx: " + "[".repeat(40) + "]".repeat(40) + "\n"));
        return m;
    }

    /** Every scalar value of the base replaced by each wrong shape. */
    private static List<Mutation> generated() {
        List<Mutation> m = new ArrayList<>();
        List<String> values = List.of("seed: 7", "duration: 20ms", "controller: gicv3\n", "model: elan-i2c",
                "line: 8", "trigger: level-high", "flow: oneshot-threaded", "period: 5ms", "count: 3",
                "device-events: 3");
        List<String> shapes = List.of("[]", "{}", "~", "!!binary AAAA", "1e999");
        for (String v : values) {
            String key = v.substring(0, v.indexOf(':'));
            String end = v.endsWith("\n") ? "\n" : "";
            for (String shape : shapes) {
                m.add(new Mutation(key + " as " + shape, v, key + ": " + shape + end));
            }
        }
        return m;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertRefused(Cli r, String where) {
        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains(where) || (LOCATED.matcher(r.err()).find() && where.equals("s.yaml:")),
                "names " + where + "\n" + r.transcript());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.err().contains("Error:"),
                "no stack trace\n" + r.transcript());
    }

    @TestFactory
    Stream<DynamicTest> malformedScenarios() {
        List<Mutation> all = new ArrayList<>(handWritten());
        all.addAll(generated());
        assertTrue(all.size() >= 80, "corpus size " + all.size());
        return all.stream().map(m -> DynamicTest.dynamicTest(m.what(), () -> {
            assertTrue(BASE.contains(m.from()), m.what() + ": the base has '" + m.from() + "'");
            String text = BASE.replace(m.from(), m.to());
            Path scenario = TestScenarios.write(dir, "s.yaml", text);
            List<String> before = listing();
            Cli validate = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Cli.irqlab(plugins, "validate", scenario.toString()));
            Cli run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.irqlab(plugins, "run",
                    scenario.toString(), "--json", dir.resolve("r.json").toString(),
                    "--trace", dir.resolve("t.jsonl").toString()));
            for (Cli r : List.of(validate, run)) {
                assertRefused(r, "s.yaml:");
                assertTrue(LOCATED.matcher(r.err()).find(), m.what() + ": file:line:column\n" + r.transcript());
            }
            assertEquals(validate.err(), run.err(), "run refuses exactly what validate refuses");
            assertEquals(before, listing(), "nothing written");
            assertEquals(text, Files.readString(scenario), "nothing modified");
        }));
    }

    @TestFactory
    Stream<DynamicTest> badOptions() throws IOException {
        Path scenario = TestScenarios.write(dir, "s.yaml", BASE);
        Files.createDirectories(dir.resolve("sub"));
        String s = scenario.toString();
        String sub = dir.resolve("sub").toString();
        List<List<String>> cases = List.of(
                List.of("--json", "run", s, "--json", s),
                List.of("--vcd", "run", s, "--vcd", dir.resolve("./s.yaml").toString()),
                List.of("--trace", "run", s, "--json", sub + "/o", "--trace", sub + "/o"),
                List.of("--chrome-trace", "run", s, "--chrome-trace", dir.resolve("none/x.json").toString()),
                List.of("--json", "run", s, "--json", sub),
                List.of("--json", "run", s, "--json", "-", "--trace", "-"),
                List.of("--max-events", "run", s, "--max-events", "0"),
                List.of("--max-events", "run", s, "--max-events", "many"),
                List.of("--max-wall", "run", s, "--max-wall", "5"),
                List.of("--max-wall", "run", s, "--max-wall", "0s"),
                List.of("--bogus", "run", s, "--bogus"),
                List.of("SCENARIO", "run"),
                List.of("nope.yaml:1:1", "run", dir.resolve("nope.yaml").toString()),
                List.of("sub:1:1", "validate", sub),
                List.of("/dev/zero:1:1", "run", "/dev/zero"),
                List.of("PLUGIN", "describe", "gicv9"),
                List.of("--markdown", "describe", "linux", "--markdown"),
                List.of("--events", "matrix", "--events", "0"),
                List.of("--json", "matrix", "--events", "1", "--json", sub),
                List.of("--vmm", "matrix", "--events", "1", "--vmm", "qemu-splt"),
                List.of("a command is required"));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.size() > 1 ? String.join(" ", c.subList(1, c.size())) : "(no command)", () -> {
            List<String> before = listing();
            String[] args = c.subList(1, c.size()).stream().filter(a -> !a.isEmpty()).toArray(String[]::new);
            Cli r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.irqlab(plugins, args));
            assertRefused(r, c.get(0));
            assertEquals(before, listing(), "nothing written");
            assertEquals(BASE, Files.readString(scenario), "nothing modified");
        }));
    }
}
