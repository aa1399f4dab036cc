package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    private static RunMetrics sample() {
        MetricsCollector c = new MetricsCollector(new MetricsSpec(Set.of("guest"), Set.of("host"), Map.of()));
        c.emit(new DeviceAsserted(0, "touch", 1));
        c.emit(new DeviceServed(700, "touch", 1));
        c.emit(new DriverOutcome(800, "guest", "elan_i2c", "touch", 40, 0));
        return c.finish();
    }

    @Test
    void valuesListsEveryNamedMetricInReportOrder() {
        List<String> names = List.copyOf(sample().values().keySet());
        assertEquals(List.of("device-events", "served", "lost", "double-served", "delivered", "handled", "spurious",
            "host-lazy-disable-hits", "exits", "exit-cost-ns", "exits.mmio", "exits.apic-eoi", "exits.maintenance",
            "exits.sysreg", "exits.external-interrupt", "exits.idle", "handled.elan_i2c", "spurious.elan_i2c",
            "latency.assert-to-handler.samples", "latency.assert-to-ack.samples", "latency.assert-to-ack.min",
            "latency.assert-to-ack.median", "latency.assert-to-ack.p99", "latency.assert-to-ack.max"), names);
        names.forEach(MetricNames::requireValid);
    }

    @Test
    void valueAgreesWithValuesForEveryName() {
        RunMetrics m = sample();
        m.values().forEach((name, v) -> assertEquals(v, m.value(name).getAsLong(), name));
    }

    @Test
    void expectationPassesWithinBoundsAndFailsOutsideOrWithoutValue() {
        RunMetrics m = sample();
        ExpectationResult spurious = ExpectationResult.check(m, "spurious", null, 0L);
        assertFalse(spurious.passed());
        assertEquals(1L, spurious.actual());
        assertEquals("<= 0", spurious.expectedText());
        assertTrue(ExpectationResult.check(m, "served", 1L, 1L).passed());
        ExpectationResult noLatency = ExpectationResult.check(m, "latency.assert-to-handler.max", null, 10L);
        assertNull(noLatency.actual());
        assertFalse(noLatency.passed(), "a latency bound with no samples is not met");
    }
}
