package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        List<String> names = List.copyOf(sample().totals().keySet());
        assertEquals(List.of("device-events", "served", "lost", "double-served", "delivered", "handled", "spurious",
            "host-lazy-disable-hits", "exits", "exit-cost-ns", "exits.mmio", "exits.apic-eoi", "exits.maintenance",
            "exits.sysreg", "exits.external-interrupt", "exits.idle", "exits.ioapic-eoi", "handled.elan_i2c", "spurious.elan_i2c",
            "latency.assert-to-handler.samples", "latency.assert-to-ack.samples", "latency.assert-to-ack.min",
            "latency.assert-to-ack.median", "latency.assert-to-ack.p99", "latency.assert-to-ack.max"), names);
        names.forEach(MetricNames::requireValid);
    }

    @Test
    void valuesAreTheTotalsThenEachDevicesMetricsUnderItsName() {
        List<String> names = List.copyOf(sample().values().keySet());
        int totals = sample().totals().size();
        assertEquals(List.copyOf(sample().totals().keySet()), names.subList(0, totals));
        assertEquals(List.of("device.touch.device-events", "device.touch.served", "device.touch.lost",
            "device.touch.double-served", "device.touch.delivered", "device.touch.handled", "device.touch.spurious",
            "device.touch.host-lazy-disable-hits", "device.touch.latency.assert-to-handler.samples",
            "device.touch.latency.assert-to-ack.samples", "device.touch.latency.assert-to-ack.min",
            "device.touch.latency.assert-to-ack.median", "device.touch.latency.assert-to-ack.p99",
            "device.touch.latency.assert-to-ack.max"), names.subList(totals, names.size()));
        names.forEach(MetricNames::requireValid);
    }

    @Test
    void scopedNamesOfTheWrongShapeAreInvalid() {
        for (String bad : List.of("device.touch", "device.touch.exits", "device..spurious", "device.Touch.spurious",
                "vcpu.x.exits", "vcpu.01.exits", "vcpu.0.spurious", "vcpu.0.exits.bogus", "vcpu.0")) {
            assertFalse(MetricNames.isValid(bad), bad);
        }
        for (String good : List.of("device.touch-1.spurious", "device.touch.latency.assert-to-ack.p99", "vcpu.0.exits",
                "vcpu.12.exits.apic-eoi", "vcpu.3.exit-cost-ns")) {
            assertTrue(MetricNames.isValid(good), good);
        }
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

    @Test
    void exitCountsAreEveryCauseInOrderAsAPlainMapWouldHoldThem() {
        long[] counts = new long[dev.irqlab.api.hypervisor.ExitCause.values().length];
        counts[0] = 3;
        counts[counts.length - 1] = 5;
        Map<String, Long> m = ExitCounts.of(counts);
        counts[0] = 99; // copied: the run's tally goes on counting
        Map<String, Long> plain = new java.util.LinkedHashMap<>();
        for (dev.irqlab.api.hypervisor.ExitCause c : dev.irqlab.api.hypervisor.ExitCause.values()) {
            plain.put(c.label(), c.ordinal() == 0 ? 3L : c.ordinal() == counts.length - 1 ? 5L : 0L);
        }
        assertEquals(plain, m);
        assertEquals(plain.hashCode(), m.hashCode());
        assertEquals(List.copyOf(plain.entrySet()), List.copyOf(m.entrySet()));
        assertNull(m.get("no-such-cause"));
        assertSame(m, RunMetrics.everyCause(m));
        assertThrows(UnsupportedOperationException.class, () -> m.put("mmio", 1L));
    }
}
