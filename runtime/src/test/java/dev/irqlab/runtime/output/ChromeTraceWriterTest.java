package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(lines.contains("{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"exit\",\"name\":\"exit mmio\",\"ts\":2.000,"
            + "\"pid\":3,\"tid\":3,\"args\":{\"cause\":\"mmio\",\"detail\":\"GICD_ISENABLER \\\"0\\\"\","
            + "\"costNs\":1500}},"), String.join("\n", lines));
        assertEquals("],\"displayTimeUnit\":\"ns\"}", lines.get(lines.size() - 1));
    }

    private static String text() throws IOException {
        return new String(SampleTrace.write(ChromeTraceWriter::new, SampleTrace.events()), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> parse() throws IOException {
        return TinyJson.object(text());
    }
}
