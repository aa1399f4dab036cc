package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.HandlerRan;
import dev.irqlab.api.trace.TraceEvent.SpanBegin;
import dev.irqlab.api.trace.TraceEvent.SpanEnd;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON Object Format of the Chrome Trace Event Format, as Perfetto UI imports it. */
class ChromeTraceWriterTest {

    @Test
    void outputIsOneJsonObjectWithTraceEventsAndNanosecondDisplayUnit() throws IOException {
        Map<String, Object> doc = parse();
        assertEquals(List.of("traceEvents", "displayTimeUnit"), List.copyOf(doc.keySet()));
        assertEquals("ns", doc.get("displayTimeUnit"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPidAndTidIsNamedByMetadataBeforeUseAndSpansNestPerThread() throws IOException {
        List<Map<String, Object>> events = (List<Map<String, Object>>) parse().get("traceEvents");
        Map<Object, String> processes = new HashMap<>();
        Set<String> threads = new HashSet<>();
        Map<String, Deque<Object>> open = new HashMap<>();
        for (Map<String, Object> e : events) {
            String ph = (String) e.get("ph");
            String thread = e.get("pid") + "/" + e.get("tid");
            if (ph.equals("M")) {
                String name = (String) ((Map<String, Object>) e.get("args")).get("name");
                if (e.get("name").equals("process_name")) {
                    processes.put(e.get("pid"), name);
                } else {
                    assertEquals("thread_name", e.get("name"));
                    threads.add(thread);
                }
                continue;
            }
            assertTrue(processes.containsKey(e.get("pid")), "process named before use: " + e);
            assertTrue(threads.contains(thread), "thread named before use: " + e);
            assertTrue(e.get("ts") instanceof BigDecimal);
            if (ph.equals("B")) {
                open.computeIfAbsent(thread, k -> new ArrayDeque<>()).push(e.get("name"));
            } else if (ph.equals("E")) {
                assertEquals(open.get(thread).pop(), e.get("name"));
            } else if (ph.equals("X")) {
                assertTrue(((BigDecimal) e.get("dur")).signum() > 0, "an exit lasts its cost: " + e);
            } else {
                assertEquals("i", ph);
                assertEquals("t", e.get("s"));
                assertTrue(e.get("args") instanceof Map);
            }
        }
        assertEquals(Set.of("touch", "host", "vm0", "guest"), Set.copyOf(processes.values()));
        assertTrue(open.values().stream().allMatch(Deque::isEmpty));
    }

    @Test
    void spanAndInstantLinesCarryMicrosecondTimestampsAndArgs() throws IOException {
        List<String> lines = text().lines().toList();
        assertEquals("{\"traceEvents\":[", lines.get(0));
        assertTrue(lines.contains("{\"ph\":\"B\",\"cat\":\"span\",\"name\":\"irq 40\",\"ts\":0.500,\"pid\":2,\"tid\":2},"),
            String.join("\n", lines));
        assertTrue(lines.contains("{\"ph\":\"X\",\"cat\":\"exit\",\"name\":\"exit mmio\",\"ts\":2.000,\"dur\":1.500,"
            + "\"pid\":3,\"tid\":3,\"args\":{\"cause\":\"mmio\",\"detail\":\"GICD_ISENABLER \\\"0\\\"\","
            + "\"costNs\":1500,\"boot\":false}},"), String.join("\n", lines));
        assertEquals("],\"displayTimeUnit\":\"ns\"}", lines.get(lines.size() - 1));
    }

    @Test
    void aHandlerRunThatReturnedIrqNoneAndADriverThatFoundNothingAreMarked() throws IOException {
        List<TraceEvent> events = List.of(
            new SpanBegin(100, "guest", "guest cpu0", "irq 1 pad"),
            new HandlerRan(100, "guest", 1, "pad", HandlerStage.HARD, IrqReturn.NONE),
            new SpanEnd(100, "guest", "guest cpu0", "irq 1 pad"),
            new SpanBegin(200, "guest", "guest cpu0", "irq 1 pad"),
            new HandlerRan(200, "guest", 1, "pad", HandlerStage.HARD, IrqReturn.HANDLED),
            new SpanEnd(200, "guest", "guest cpu0", "irq 1 pad"),
            new DriverOutcome(300, "guest", "elan_i2c", "pad", 1, 0),
            new DriverOutcome(400, "guest", "elan_i2c", "pad", 1, 1));
        List<String> lines = new String(SampleTrace.write(ChromeTraceWriter::new, events), StandardCharsets.UTF_8)
            .lines().toList();
        assertTrue(lines.contains("{\"ph\":\"E\",\"cat\":\"span\",\"name\":\"irq 1 pad\",\"ts\":0.100,\"pid\":1,"
            + "\"tid\":1,\"cname\":\"bad\",\"args\":{\"result\":\"IRQ_NONE\"}},"), String.join("\n", lines));
        assertTrue(lines.contains("{\"ph\":\"E\",\"cat\":\"span\",\"name\":\"irq 1 pad\",\"ts\":0.200,\"pid\":1,"
            + "\"tid\":1},"), "a handled run is not marked: " + String.join("\n", lines));
        assertTrue(lines.contains("{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"driver\",\"name\":\"found nothing\",\"ts\":0.300,"
            + "\"pid\":1,\"tid\":2,\"cname\":\"bad\",\"args\":{\"driver\":\"elan_i2c\",\"device\":\"pad\",\"irq\":1}}"),
            String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.contains("found nothing")).count(), "the served one is not");
    }

    @Test
    void exitsFollowEachOtherOnTheirVcpuAndAGuestCpuSpanLastsTheExitsItMade() throws IOException {
        // kvm-irqfd VcpuExecutor.charge: busyUntil = max(busyUntil, now) + cost
        List<TraceEvent> events = List.of(
            new SpanBegin(1_000, "guest", "guest cpu0", "irq 1 pad"),
            new VmExit(1_000, "vm0.vcpu0", ExitCause.MMIO, "GICD_ICENABLER", 2_000),
            new VmExit(1_000, "vm0.vcpu0", ExitCause.MMIO, "GICD_CTLR", 2_000),
            new SpanEnd(1_000, "guest", "guest cpu0", "irq 1 pad"),
            new SpanBegin(1_000, "host", "host cpu0", "irq 40 vfio"),
            new SpanEnd(1_000, "host", "host cpu0", "irq 40 vfio"),
            new SpanBegin(1_000, "guest", "guest irq/1-pad", "irq/1-pad"),
            new SpanEnd(9_000, "guest", "guest cpu0", "later"),
            new VmExit(10_000, "vm0.vcpu0", ExitCause.MMIO, "GICD_ISENABLER", 2_000));
        List<String> lines = new String(SampleTrace.write(ChromeTraceWriter::new, events), StandardCharsets.UTF_8)
            .lines().filter(l -> !l.contains("\"M\"")).toList();
        List<String> ts = lines.stream().filter(l -> l.contains("\"ts\"")).map(l -> l.replaceAll(".*\"ph\":\"(\\w)\".*\"ts\":"
            + "([0-9.]+).*", "$1 $2")).toList();
        assertEquals(List.of("B 1.000", "X 1.000", "X 3.000", "E 5.000", "B 1.000", "E 1.000", "B 1.000", "E 9.000",
            "X 10.000"), ts, "the host and an irq thread keep their times: " + String.join("\n", lines));
    }

    private static String text() throws IOException {
        return new String(SampleTrace.write(ChromeTraceWriter::new, SampleTrace.events()), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> parse() throws IOException {
        return TinyJson.object(text());
    }
}
