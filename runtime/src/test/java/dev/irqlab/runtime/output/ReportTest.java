package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.MetricsCollector;
import dev.irqlab.runtime.metrics.MetricsSpec;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The terminal table and the result JSON. */
class ReportTest {

    private static final RunInfo INFO = new RunInfo("level \"spurious\"", "scenarios/level.yaml", 42, 10_000_000,
        1234, new LinkedHashMap<>(Map.of("kvm", "linux-6.17")));

    private static RunMetrics metrics() {
        MetricsCollector c = new MetricsCollector(new MetricsSpec(Set.of("guest"), Set.of("host"), Map.of()));
        c.emit(new DeviceAsserted(0, "touch", 1));
        c.emit(new VmExit(100, "vm0.vcpu0", ExitCause.MMIO, "GICD", 1_500));
        c.emit(new DeviceServed(12_345, "touch", 1));
        c.emit(new DriverOutcome(13_000, "guest", "elan_i2c", "touch", 40, 1));
        c.emit(new DriverOutcome(14_000, "guest", "elan_i2c", "touch", 40, 0));
        c.emit(new KernelMessage(15_000, "guest", "elan_i2c.invalid_report", "invalid report"));
        return c.finish();
    }

    private static List<ExpectationResult> expectations(RunMetrics m) {
        return List.of(ExpectationResult.check(m, "spurious", null, 0L),
            ExpectationResult.check(m, "lost", 0L, 0L),
            ExpectationResult.check(m, "messages.genirq.nobody_cared", null, 0L));
    }

    @Test
    void tableShowsCountersBreakdownsLatenciesAndExpectationVerdicts() {
        RunMetrics m = metrics();
        String table = SummaryTable.render(INFO, m, expectations(m));
        List<String> lines = table.lines().toList();
        assertEquals("level \"spurious\" (scenarios/level.yaml)  seed 42  end 10.0ms  events 1234", lines.get(0));
        assertEquals("versions: kvm linux-6.17", lines.get(1), "the release each versioned model followed");
        assertEquals(List.of(
            "-----------------------------------------------------------",
            "metric                             value  expected  verdict",
            "device-events                          1",
            "served                                 1",
            "lost                                   0  0         PASS",
            "double-served                          0",
            "delivered                              0",
            "handled                                1",
            "  handled.elan_i2c                     1",
            "spurious                               1  <= 0      FAIL",
            "  spurious.elan_i2c                    1",
            "host-lazy-disable-hits                 0",
            "exits                                  1",
            "  exits.mmio                           1",
            "  cost                            1.50us",
            "messages.elan_i2c.invalid_report       1",
            "messages.genirq.nobody_cared           0  <= 0      PASS",
            "latency                     samples       min    median       p99       max",
            "  assert-to-handler               0         -         -         -         -",
            "  assert-to-ack                   1    12.3us    12.3us    12.3us    12.3us",
            "-----------------------------------------------------------"), lines.subList(2, lines.size() - 1));
        assertEquals("verdict: FAIL (1 of 3 expectations failed: spurious)", lines.get(lines.size() - 1));
        assertTrue(lines.stream().noneMatch(l -> l.contains("exits.idle")), "zero breakdowns are left out");
    }

    @Test
    void withTwoDevicesAndVcpusTheTableHasALinePerDeviceAndVcpuAndEachDevicesLatencies() {
        MetricsCollector c = new MetricsCollector(new MetricsSpec(Set.of("guest"), Set.of("host"), Map.of(), Map.of(),
            List.of("touch", "pad"), 2));
        c.emit(new DeviceAsserted(0, "touch", 1));
        c.emit(new DeviceAsserted(0, "pad", 1));
        c.emit(new VmExit(100, "vm0.vcpu1", ExitCause.MMIO, "GICD", 1_500));
        c.emit(new DeviceServed(2_000, "pad", 1));
        c.emit(new DriverOutcome(2_000, "guest", "cros_ec", "pad", 41, 1));
        c.emit(new DeviceServed(12_345, "touch", 1));
        c.emit(new DriverOutcome(13_000, "guest", "elan_i2c", "touch", 40, 1));
        List<String> lines = SummaryTable.render(null, c.finish(), List.of()).lines().toList();
        int at = lines.indexOf("device   events  served  lost  double  delivered  handled  spurious  host-lazy");
        assertTrue(at > 0, String.join("\n", lines));
        assertEquals(List.of(
            "  touch       1       1     0       0          0        1         0          0",
            "  pad         1       1     0       0          0        1         0          0",
            "vcpu  exits    cost  mmio",
            "  0       0     0ns     0",
            "  1       1  1.50us     1",
            "latency                     samples       min    median       p99       max",
            "  assert-to-handler               0         -         -         -         -",
            "    touch                         0         -         -         -         -",
            "    pad                           0         -         -         -         -",
            "  assert-to-ack                   2    2.00us    2.00us    12.3us    12.3us",
            "    touch                         1    12.3us    12.3us    12.3us    12.3us",
            "    pad                           1    2.00us    2.00us    2.00us    2.00us"), lines.subList(at + 1, at + 13));
    }

    @Test
    void tableWithoutExpectationsHasNoVerdictColumns() {
        String table = SummaryTable.render(null, metrics(), List.of());
        assertTrue(table.lines().noneMatch(l -> l.contains("verdict") || l.contains("PASS")), table);
    }

    @Test
    void durationsHaveThreeSignificantDigitsAndAUnit() {
        assertEquals("850ns", SummaryTable.duration(850));
        assertEquals("999ns", SummaryTable.duration(999));
        assertEquals("1.00us", SummaryTable.duration(1_000));
        assertEquals("1.00us", SummaryTable.duration(1_004));
        assertEquals("12.3us", SummaryTable.duration(12_345));
        assertEquals("1.00ms", SummaryTable.duration(999_600));
        assertEquals("2.50s", SummaryTable.duration(2_500_000_000L));
    }

    /**
     * The table's durations are what the formatter it used to call gives ({@code %.0f}, {@code %.1f},
     * {@code %.2f} of the value in its unit, round half up): every tie and its neighbours at each
     * rounding position, each unit boundary, negative values and a seeded spread of others.
     */
    @Test
    void durationsAreWhatTheFormatterGives() {
        List<Long> values = new java.util.ArrayList<>();
        for (long scale = 1; scale <= 100_000_000_000L; scale *= 10) {
            for (long m = 1; m < 20_000; m += m < 200 ? 1 : 37) {
                long tie = m * scale + scale / 2;
                values.add(tie - 1);
                values.add(tie);
                values.add(tie + 1);
            }
        }
        java.util.Random random = new java.util.Random(18);
        for (int i = 0; i < 200_000; i++) {
            values.add((long) Math.pow(10, 3 + random.nextDouble() * 10));
        }
        values.addAll(List.of(999L, 1_000L, 999_499L, 999_500L, 999_499_999L, 999_500_000L, 9_994_999_999L,
                Long.MAX_VALUE / 2, Long.MIN_VALUE));
        for (long ns : values) {
            for (long v : new long[] {ns, -ns}) {
                assertEquals(formatted(v), SummaryTable.duration(v), () -> "ns " + v);
            }
        }
    }

    /** The duration as {@code String.format} printed it before the table stopped using it. */
    private static String formatted(long ns) {
        if (Math.abs(ns) < 1_000) {
            return ns + "ns";
        }
        String[] units = {"us", "ms", "s"};
        double v = ns / 1_000.0;
        int u = 0;
        while (Math.abs(v) >= 999.5 && u < units.length - 1) {
            v /= 1_000.0;
            u++;
        }
        String digits = Math.abs(v) >= 99.95 ? "%.0f" : Math.abs(v) >= 9.995 ? "%.1f" : "%.2f";
        return String.format(java.util.Locale.ROOT, digits, v) + units[u];
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultJsonHoldsRunInfoEveryMetricAndTheExpectations() throws IOException {
        RunMetrics m = metrics();
        StringWriter out = new StringWriter();
        ResultJson.write(INFO, m, expectations(m), out);
        Map<String, Object> doc = TinyJson.object(out.toString());
        assertEquals(List.of("schema-version", "tool-version", "scenario", "source", "seed", "endTimeNs",
            "eventsDispatched", "versions", "passed", "metrics", "expectations"), List.copyOf(doc.keySet()));
        assertEquals(Map.of("kvm", "linux-6.17"), doc.get("versions"));
        assertEquals("level \"spurious\"", doc.get("scenario"));
        assertEquals(new BigDecimal(ResultJson.SCHEMA_VERSION), doc.get("schema-version"));
        assertEquals(new BigDecimal(42), doc.get("seed"));
        assertEquals(Boolean.FALSE, doc.get("passed"));
        Map<String, Object> metricsJson = (Map<String, Object>) doc.get("metrics");
        assertEquals(m.values().keySet(), metricsJson.keySet());
        assertEquals(new BigDecimal(12_345), metricsJson.get("latency.assert-to-ack.max"));
        List<Map<String, Object>> exps = (List<Map<String, Object>>) doc.get("expectations");
        assertEquals(Map.of("metric", "spurious", "max", new BigDecimal(0), "actual", new BigDecimal(1), "passed",
            false), withoutNulls(exps.get(0)));
        assertTrue(exps.get(0).containsKey("min") && exps.get(0).get("min") == null);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> copy = new java.util.HashMap<>(m);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
