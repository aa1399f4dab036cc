package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the README tells a user to look at in a viewer exists in the main scenario's files: each
 * signal its Waveforms paragraph names is in the VCD, and the Chrome trace gives the guest's
 * hard-irq work and the exits their width and marks what found nothing.
 */
class ViewerOutputsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");
    private static final Path MAIN = ROOT.resolve("scenarios").resolve("elan-i2c-invalid-report-arm64-gicv3.yaml");

    @TempDir
    static Path dir;

    static String vcd;
    static List<Map<?, ?>> chrome;
    static Map<?, ?> metrics;

    @BeforeAll
    static void runMainScenario() throws IOException {
        Path v = dir.resolve("run.vcd");
        Path c = dir.resolve("run.trace.json");
        Path j = dir.resolve("result.json");
        Cli r = Cli.irqlab("run", MAIN.toString(), "--vcd", v.toString(), "--chrome-trace", c.toString(), "--json",
                j.toString());
        assertEquals(0, r.status(), r.transcript());
        vcd = Files.readString(v);
        Load load = new Load(LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build());
        List<?> events = assertInstanceOf(List.class, ((Map<?, ?>) load.loadFromString(Files.readString(c)))
                .get("traceEvents"));
        chrome = events.stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
        metrics = assertInstanceOf(Map.class, ((Map<?, ?>) load.loadFromString(Files.readString(j))).get("metrics"));
    }

    /** Every signal's full name: its scopes and its reference, joined with dots. */
    private static Set<String> vcdSignals() {
        Set<String> names = new HashSet<>();
        Deque<String> scopes = new ArrayDeque<>();
        for (String line : vcd.lines().toList()) {
            String[] t = line.trim().split("\\s+");
            if (t[0].equals("$scope")) {
                scopes.addLast(t[2]);
            } else if (t[0].equals("$upscope")) {
                scopes.removeLast();
            } else if (t[0].equals("$var")) {
                names.add(String.join(".", scopes) + "." + t[4]);
            } else if (t[0].equals("$enddefinitions")) {
                break;
            }
        }
        return names;
    }

    @Test
    @DisplayName("every signal the README's Waveforms paragraph names exists in the main scenario's VCD")
    void readmeSignalsExist() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("- **Waveforms**");
        String paragraph = readme.substring(from, readme.indexOf("\n- **", from + 1));
        Matcher m = Pattern.compile("`([A-Za-z0-9_()-]+(?:\\.[A-Za-z0-9_()-]+){2,})`").matcher(paragraph);
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertTrue(named.size() >= 3, "the paragraph names signals: " + paragraph);
        Set<String> signals = vcdSignals();
        for (String s : named) {
            assertTrue(signals.contains(s), s + " is not in the VCD; it has " + new java.util.TreeSet<>(signals));
        }
    }

    @Test
    @DisplayName("on x86 a kernel's irq is named with its IO-APIC pin, the scenario's line: irq 1 (pin 16)")
    void ioApicIrqsAreNamedByPin() throws IOException {
        Path v = dir.resolve("x86.vcd");
        Cli r = Cli.irqlab("run", ROOT.resolve("scenarios").resolve("elan-i2c-invalid-report-x86-ioapic.yaml")
                .toString(), "--vcd", v.toString());
        assertEquals(0, r.status(), r.transcript());
        String x86 = Files.readString(v);
        // the scenario's device: interrupt: {line: 16, ...}; io_apic.c mp_irqdomain_alloc: hwirq = pin
        for (String kernel : List.of("host", "guest")) {
            Matcher m = Pattern.compile("(?s)\\$scope module " + kernel + " \\$end.*?\\$var \\S+ \\d+ \\S+ "
                    + "irq_1_\\(pin_16\\)\\.masked \\$end").matcher(x86);
            assertTrue(m.find(), kernel + " names its irq 1 by its pin");
        }
        assertFalse(x86.contains("(hwirq_"), "no IO-APIC irq is named by a bare hwirq");
    }

    @Test
    @DisplayName("the Chrome trace: exits last their cost, the guest's flow lasts the exits it made, a driver "
            + "that found nothing is marked")
    void chromeSpansHaveWidth() {
        Map<String, Deque<BigDecimal>> open = new HashMap<>();
        int guestFlows = 0;
        int exits = 0;
        int foundNothing = 0;
        String guestCpu0 = guestCpu0();
        for (Map<?, ?> e : chrome) {
            String ph = (String) e.get("ph");
            String name = String.valueOf(e.get("name"));
            String thread = e.get("pid") + "/" + e.get("tid");
            BigDecimal ts = e.get("ts") == null ? null : new BigDecimal(String.valueOf(e.get("ts")));
            if (ph.equals("X")) {
                assertTrue(new BigDecimal(String.valueOf(e.get("dur"))).signum() > 0, "exit with its cost: " + e);
                exits++;
            } else if (ph.equals("B")) {
                open.computeIfAbsent(thread, k -> new ArrayDeque<>()).push(ts);
            } else if (ph.equals("E")) {
                BigDecimal began = open.get(thread).pop();
                assertTrue(ts.compareTo(began) >= 0, e.toString());
                if (name.endsWith("handle_fasteoi_irq") && thread.equals(guestCpu0)) {
                    assertTrue(ts.compareTo(began) > 0, "the guest's ONESHOT mask traps: " + e);
                    guestFlows++;
                }
            } else if (name.equals("found nothing")) {
                assertEquals("bad", e.get("cname"));
                foundNothing++;
            }
        }
        assertEquals(((Number) metrics.get("exits")).intValue(), exits);
        assertTrue(guestFlows >= ((Number) metrics.get("delivered")).intValue(), "a guest flow per delivery at least");
        assertEquals(((Number) metrics.get("spurious")).intValue(), foundNothing);
        assertFalse(open.values().stream().anyMatch(d -> !d.isEmpty()), "every span ends");
    }

    @Test
    @DisplayName("the Chrome trace: every hard handler's span, host and guest, lasts its run time")
    void hardHandlerSpansHaveWidth() {
        Map<String, String> threadNames = new HashMap<>();
        for (Map<?, ?> e : chrome) {
            if ("M".equals(e.get("ph")) && "thread_name".equals(e.get("name"))) {
                threadNames.put(e.get("pid") + "/" + e.get("tid"), String.valueOf(((Map<?, ?>) e.get("args")).get("name")));
            }
        }
        Map<String, Deque<BigDecimal>> open = new HashMap<>();
        Map<String, Integer> handlers = new HashMap<>();
        for (Map<?, ?> e : chrome) {
            String ph = (String) e.get("ph");
            String name = String.valueOf(e.get("name"));
            String thread = e.get("pid") + "/" + e.get("tid");
            String threadName = threadNames.getOrDefault(thread, "");
            // a hard handler's span: "irq N <action>" on a kernel's cpuN track (a flow's ends in _irq)
            boolean hard = name.startsWith("irq ") && !name.endsWith("_irq") && threadName.matches("(host|guest) cpu\\d+");
            if (!hard || !(ph.equals("B") || ph.equals("E"))) {
                continue;
            }
            BigDecimal ts = new BigDecimal(String.valueOf(e.get("ts")));
            if (ph.equals("B")) {
                open.computeIfAbsent(thread + name, k -> new ArrayDeque<>()).push(ts);
            } else {
                BigDecimal began = open.get(thread + name).pop();
                assertTrue(ts.compareTo(began) > 0, "a hard handler with zero width: " + threadName + " " + e);
                handlers.merge(threadName.substring(0, threadName.indexOf(' ')), 1, Integer::sum);
            }
        }
        assertTrue(handlers.getOrDefault("host", 0) > 0 && handlers.getOrDefault("guest", 0) > 0, handlers.toString());
    }

    /** pid/tid of the thread named "guest cpu0". */
    private static String guestCpu0() {
        for (Map<?, ?> e : chrome) {
            if ("M".equals(e.get("ph")) && "thread_name".equals(e.get("name"))
                    && "guest cpu0".equals(((Map<?, ?>) e.get("args")).get("name"))) {
                return e.get("pid") + "/" + e.get("tid");
            }
        }
        throw new AssertionError("no guest cpu0 thread");
    }
}
