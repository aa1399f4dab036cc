package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.HandlerRan;
import dev.irqlab.api.trace.TraceEvent.IrqFlow;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.api.trace.TraceNames;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricsCollectorTest {

    private static final MetricsSpec SPEC = new MetricsSpec(Set.of("guest"), Set.of("host"),
        Map.of("touch", new IrqRef("guest", 40), "pad", new IrqRef("guest", 41)));

    private final MetricsCollector c = new MetricsCollector(SPEC);

    private static long v(RunMetrics m, String name) {
        OptionalLong v = m.value(name);
        assertTrue(v.isPresent(), name + " has a value");
        return v.getAsLong();
    }

    private static HandlerRan handler(long t, String kernel, int irq, HandlerStage stage) {
        return new HandlerRan(t, kernel, irq, "drv", stage, IrqReturn.HANDLED);
    }

    @Nested
    class DeviceEvents {

        @Test
        void lostIsAssertedEventNumbersNeverServedAndDoubleServedCountsEachNumberOnce() {
            c.emit(new DeviceAsserted(10, "touch", 1));
            c.emit(new DeviceAsserted(20, "touch", 2));
            c.emit(new DeviceAsserted(30, "touch", 3));
            c.emit(new DeviceServed(40, "touch", 1));
            c.emit(new DeviceServed(50, "touch", 1));
            c.emit(new DeviceServed(60, "touch", 1));
            c.emit(new DeviceServed(70, "touch", 3));
            RunMetrics m = c.finish();
            assertEquals(3, v(m, "device-events"));
            assertEquals(4, v(m, "served"));
            assertEquals(1, v(m, "lost"), "event 2 was never served");
            assertEquals(1, v(m, "double-served"), "event 1 served three times counts once");
        }

        @Test
        void eventNumbersArePerDevice() {
            c.emit(new DeviceAsserted(10, "touch", 1));
            c.emit(new DeviceAsserted(10, "pad", 1));
            c.emit(new DeviceServed(20, "pad", 1));
            c.emit(new DeviceServed(30, "pad", 1));
            RunMetrics m = c.finish();
            assertEquals(1, v(m, "lost"), "touch's event 1 is not served by pad's");
            assertEquals(1, v(m, "double-served"));
        }

        @Test
        void manyEventsServedInOrderLeaveNothingLost() {
            for (long n = 1; n <= 70_000; n++) {
                c.emit(new DeviceAsserted(n * 10, "touch", n));
                c.emit(new DeviceServed(n * 10 + 7, "touch", n));
            }
            RunMetrics m = c.finish();
            assertEquals(0, v(m, "lost"));
            assertEquals(0, v(m, "double-served"));
            assertEquals(70_000, v(m, "latency.assert-to-ack.samples"));
            assertEquals(7, v(m, "latency.assert-to-ack.max"));
        }
    }

    @Nested
    class KernelSeparation {

        @Test
        void deliveredCountsHandledFlowsInGuestKernelsOnly() {
            c.emit(new IrqFlow(1, "guest", 40, "handle_fasteoi_irq", FlowOutcome.HANDLED));
            c.emit(new IrqFlow(2, "host", 40, "handle_fasteoi_irq", FlowOutcome.HANDLED));
            c.emit(new IrqFlow(3, "guest", 40, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            c.emit(new IrqFlow(4, "guest", 40, "handle_fasteoi_irq", FlowOutcome.SPURIOUS_VECTOR));
            assertEquals(1, v(c.finish(), "delivered"));
        }

        @Test
        void hostLazyDisableHitsCountsDisabledPendingInHostKernelsOnly() {
            // kernel/irq/chip.c: handle_fasteoi_irq, irqd_irq_disabled branch → IRQS_PENDING + mask
            c.emit(new IrqFlow(1, "host", 40, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            c.emit(new IrqFlow(2, "guest", 40, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            c.emit(new IrqFlow(3, "host", 40, "handle_fasteoi_irq", FlowOutcome.HANDLED));
            c.emit(new IrqFlow(4, "hostile", 40, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            c.emit(new IrqFlow(5, "host.cpu0", 40, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            assertEquals(2, v(c.finish(), "host-lazy-disable-hits"), "host and host.cpu0, not hostile or guest");
        }

        @Test
        void driverOutcomesCountOnlyInGuestKernelsInTotalAndPerDriver() {
            c.emit(new DriverOutcome(1, "guest", "elan_i2c", "touch", 40, 2));
            c.emit(new DriverOutcome(2, "guest", "elan_i2c", "touch", 40, 0));
            c.emit(new DriverOutcome(3, "guest", "elan_i2c", "touch", 40, 1));
            c.emit(new DriverOutcome(4, "guest", "cros_ec", "pad", 41, 1));
            c.emit(new DriverOutcome(5, "host", "cros_ec", "pad", 41, 0));
            RunMetrics m = c.finish();
            assertEquals(3, v(m, "handled"));
            assertEquals(1, v(m, "spurious"));
            assertEquals(2, v(m, "handled.elan_i2c"));
            assertEquals(1, v(m, "spurious.elan_i2c"));
            assertEquals(1, v(m, "handled.cros_ec"));
            assertEquals(OptionalLong.of(0), m.value("spurious.cros_ec"), "driver with outcomes, none spurious");
            assertEquals(OptionalLong.empty(), m.value("spurious.missing"), "driver without outcomes");
        }
    }

    @Nested
    class ExitsAndMessages {

        @Test
        void exitsAreCountedPerCauseLabelWithTheirTotalCost() {
            c.emit(new VmExit(1, "vm0.vcpu0", ExitCause.MMIO, "GICD", 1_000));
            c.emit(new VmExit(2, "vm0.vcpu1", ExitCause.MMIO, "GICD", 1_000));
            c.emit(new VmExit(3, "vm0.vcpu0", ExitCause.APIC_EOI, "eoi", 500));
            RunMetrics m = c.finish();
            assertEquals(3, v(m, "exits"));
            assertEquals(2, v(m, "exits.mmio"));
            assertEquals(1, v(m, "exits.apic-eoi"));
            assertEquals(0, v(m, "exits.maintenance"), "a known cause with no exit is 0");
            assertEquals(OptionalLong.empty(), m.value("exits.bogus"));
            assertEquals(2_500, v(m, "exit-cost-ns"));
        }

        @Test
        void bootExitsCountInTheTotalsButNotAfterTheBoot() {
            // init/main.c start_kernel -> init_IRQ: the guest's gic_dist_init, marked VmExit.boot
            c.emit(new VmExit(1, "vm0.vcpu0", ExitCause.MMIO, "GICD_ICFGR2", 1_000, true));
            c.emit(new VmExit(2, "vm0.vcpu0", ExitCause.MMIO, "GICD_ISENABLER1", 1_000, false));
            RunMetrics m = c.finish();
            assertEquals(2, v(m, "exits.mmio"));
            assertEquals(1L, m.bootExitsByCause().get("mmio"));
            assertEquals(1L, m.exitsAfterBootByCause().get("mmio"));
        }

        @Test
        void messagesAreCountedPerKeyAndAnUnseenKeyIsZero() {
            c.emit(new KernelMessage(1, "guest", "genirq.nobody_cared", "irq 40: nobody cared"));
            c.emit(new KernelMessage(2, "guest", "genirq.nobody_cared", "irq 40: nobody cared"));
            c.emit(new KernelMessage(3, "host", "pm.wakeup_abort", "aborting"));
            RunMetrics m = c.finish();
            assertEquals(2, v(m, "messages.genirq.nobody_cared"));
            assertEquals(1, v(m, "messages.pm.wakeup_abort"));
            assertEquals(0, v(m, "messages.elan_i2c.invalid_report"));
        }

        /**
         * A numbered key is counted under its text whichever component printed it, and a key another
         * numbering gave the same id is another key.
         */
        @Test
        void numberedMessageKeysAreCountedByTheirText() {
            TraceNames run = new TraceNames();
            MetricsCollector counted = new MetricsCollector(SPEC, run);
            MessageKey guest = counted.messageKey(counted.name("guest"), "genirq.nobody_cared");
            MessageKey host = counted.messageKey(counted.name("host"), "genirq.nobody_cared");
            MessageKey other = new TraceNames().messageKey(TraceName.unnumbered("guest"), "pm.wakeup_abort");
            assertEquals(List.of(0, 1, 0), List.of(guest.id(), host.id(), other.id()));
            counted.kernelMessage(1, guest, "irq 40: nobody cared");
            counted.kernelMessage(2, host, "irq 40: nobody cared");
            counted.kernelMessage(3, guest, "irq 40: nobody cared");
            counted.kernelMessage(4, other, "aborting");
            counted.emit(new KernelMessage(5, "guest", "pm.wakeup_abort", "aborting"));
            RunMetrics m = counted.finish();
            assertEquals(3, v(m, "messages.genirq.nobody_cared"));
            assertEquals(2, v(m, "messages.pm.wakeup_abort"));
        }
    }

    /** Each device's and vCPU's metrics beside the totals (issue 13, item 1). */
    @Nested
    class PerDeviceAndVcpu {

        private final MetricsCollector two = new MetricsCollector(new MetricsSpec(Set.of("guest"), Set.of("host"),
            Map.of("touch", new IrqRef("guest", 40), "pad", new IrqRef("guest", 41)),
            Map.of("touch", new IrqRef("host", 7), "pad", new IrqRef("host", 8)), List.of("touch", "pad"), 2));

        @Test
        void eachDeviceCountsItsOwnEventsIrqsAndOutcomes() {
            two.emit(new DeviceAsserted(100, "touch", 1));
            two.emit(new DeviceAsserted(100, "pad", 1));
            two.emit(new IrqFlow(110, "host", 7, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            two.emit(new IrqFlow(111, "host", 9, "handle_fasteoi_irq", FlowOutcome.DISABLED_PENDING));
            two.emit(new IrqFlow(120, "guest", 40, "handle_fasteoi_irq", FlowOutcome.HANDLED));
            two.emit(handler(130, "guest", 40, HandlerStage.HARD));
            two.emit(new DriverOutcome(140, "guest", "elan_i2c", "touch", 40, 1));
            two.emit(new DeviceServed(140, "touch", 1));
            two.emit(new IrqFlow(150, "guest", 40, "handle_fasteoi_irq", FlowOutcome.HANDLED));
            two.emit(new DriverOutcome(160, "guest", "elan_i2c", "touch", 40, 0));
            two.emit(new IrqFlow(300, "guest", 41, "handle_fasteoi_irq", FlowOutcome.HANDLED));
            two.emit(handler(1_100, "guest", 41, HandlerStage.HARD));
            RunMetrics m = two.finish();
            assertEquals(List.of("touch", "pad"), List.copyOf(m.devices().keySet()), "the spec's order");
            assertEquals(1, v(m, "device.touch.device-events"));
            assertEquals(1, v(m, "device.touch.served"));
            assertEquals(0, v(m, "device.touch.lost"));
            assertEquals(1, v(m, "device.pad.lost"));
            assertEquals(2, v(m, "device.touch.delivered"));
            assertEquals(1, v(m, "device.pad.delivered"));
            assertEquals(1, v(m, "device.touch.handled"));
            assertEquals(1, v(m, "device.touch.spurious"));
            assertEquals(0, v(m, "device.pad.spurious"));
            assertEquals(1, v(m, "device.touch.host-lazy-disable-hits"), "host irq 9 is nobody's");
            assertEquals(0, v(m, "device.pad.host-lazy-disable-hits"));
            assertEquals(2, v(m, "host-lazy-disable-hits"));
            assertEquals(30, v(m, "device.touch.latency.assert-to-handler.max"));
            assertEquals(1_000, v(m, "device.pad.latency.assert-to-handler.min"));
            assertEquals(2, v(m, "latency.assert-to-handler.samples"), "the total holds both devices' samples");
            assertEquals(40, v(m, "device.touch.latency.assert-to-ack.median"));
            assertEquals(OptionalLong.empty(), m.value("device.pad.latency.assert-to-ack.median"), "never served");
            assertEquals(OptionalLong.empty(), m.value("device.nobody.spurious"));
        }

        @Test
        void eachVcpuOfTheSpecHasItsExitsEvenWithoutAny() {
            two.emit(new VmExit(1, "vm0.vcpu1", ExitCause.MMIO, "GICD", 1_000));
            two.emit(new VmExit(2, "vm0.vcpu1", ExitCause.APIC_EOI, "eoi", 500));
            two.emit(new VmExit(3, "vm0.vcpu3", ExitCause.MMIO, "GICD", 1_000));
            RunMetrics m = two.finish();
            assertEquals(List.of(0, 1, 3), List.copyOf(m.vcpus().keySet()));
            assertEquals(0, v(m, "vcpu.0.exits"));
            assertEquals(2, v(m, "vcpu.1.exits"));
            assertEquals(1, v(m, "vcpu.1.exits.mmio"));
            assertEquals(1, v(m, "vcpu.1.exits.apic-eoi"));
            assertEquals(1_500, v(m, "vcpu.1.exit-cost-ns"));
            assertEquals(1, v(m, "vcpu.3.exits"), "an exit names its vCPU even past the spec's count");
            assertEquals(OptionalLong.empty(), m.value("vcpu.2.exits"));
            assertEquals(3, v(m, "exits"));
        }

        @Test
        void vcpuIndexIsTheNumberEndingTheComponent() {
            assertEquals(0, MetricsCollector.vcpuIndex("vm0.vcpu0"));
            assertEquals(12, MetricsCollector.vcpuIndex("guest-vm.vcpu12"));
            assertEquals(-1, MetricsCollector.vcpuIndex("vm0"));
            assertEquals(-1, MetricsCollector.vcpuIndex("vm0.vcpu"));
            assertEquals(-1, MetricsCollector.vcpuIndex("vm0.vcpu1x"));
        }
    }

    @Nested
    class Latencies {

        @Test
        void theFirstGuestHandlerForTheDevicesIrqMatchesEveryWaitingAssert() {
            c.emit(new DeviceAsserted(100, "touch", 1));
            c.emit(new DeviceAsserted(200, "touch", 2));
            c.emit(handler(250, "guest", 41, HandlerStage.HARD));
            c.emit(handler(260, "host", 40, HandlerStage.HARD));
            c.emit(handler(300, "guest", 40, HandlerStage.THREAD));
            c.emit(handler(350, "guest", 40, HandlerStage.HARD));
            c.emit(new DeviceAsserted(400, "touch", 3));
            c.emit(handler(450, "guest", 40, HandlerStage.HARD));
            RunMetrics m = c.finish();
            assertEquals(3, v(m, "latency.assert-to-handler.samples"), "200, 100 at 300 ns; 50 at 450 ns");
            assertEquals(50, v(m, "latency.assert-to-handler.min"));
            assertEquals(100, v(m, "latency.assert-to-handler.median"));
            assertEquals(200, v(m, "latency.assert-to-handler.max"));
        }

        @Test
        void devicesSharingAGuestIrqAreAllMatchedByItsHandler() {
            MetricsCollector shared = new MetricsCollector(new MetricsSpec(Set.of("guest"), Set.of("host"),
                Map.of("a", new IrqRef("guest", 9), "b", new IrqRef("guest", 9))));
            shared.emit(new DeviceAsserted(10, "a", 1));
            shared.emit(new DeviceAsserted(30, "b", 1));
            shared.emit(handler(40, "guest", 9, HandlerStage.HARD));
            RunMetrics m = shared.finish();
            assertEquals(2, v(m, "latency.assert-to-handler.samples"));
            assertEquals(10, v(m, "latency.assert-to-handler.min"));
            assertEquals(30, v(m, "latency.assert-to-handler.max"));
        }

        @Test
        void assertToAckPairsEventNumbersEvenWhenServedOutOfOrder() {
            c.emit(new DeviceAsserted(100, "touch", 1));
            c.emit(new DeviceAsserted(150, "touch", 2));
            c.emit(new DeviceServed(400, "touch", 2));
            c.emit(new DeviceServed(1_100, "touch", 1));
            c.emit(new DeviceServed(2_000, "touch", 1));
            RunMetrics m = c.finish();
            assertEquals(2, v(m, "latency.assert-to-ack.samples"), "the second serve of event 1 is no sample");
            assertEquals(250, v(m, "latency.assert-to-ack.min"));
            assertEquals(1_000, v(m, "latency.assert-to-ack.max"));
        }

        @Test
        void noSamplesMeansAbsentStatisticsAndZeroSamples() {
            c.emit(new DeviceAsserted(100, "touch", 1));
            RunMetrics m = c.finish();
            assertTrue(m.assertToAck().isEmpty());
            assertEquals(OptionalLong.empty(), m.value("latency.assert-to-ack.p99"));
            assertEquals(OptionalLong.empty(), m.value("latency.assert-to-handler.min"));
            assertEquals(OptionalLong.of(0), m.value("latency.assert-to-ack.samples"));
        }

        @Test
        void percentilesOfAUniformDistributionAreWithinHdrHistogramPrecisionAndMinMaxExact() {
            for (long n = 1; n <= 10_000; n++) {
                c.emit(new DeviceAsserted(n * 100_000, "pad", n));
                c.emit(new DeviceServed(n * 100_000 + 1_000 + n, "pad", n));
            }
            LatencySummary s = c.finish().assertToAck().orElseThrow();
            assertEquals(10_000, s.samples());
            assertEquals(1_001, s.min());
            assertEquals(11_000, s.max());
            assertEquals(6_000, (double) s.median(), 6_000 * 0.001 + 1);
            assertEquals(10_900, (double) s.p99(), 10_900 * 0.001 + 1);
        }
    }

    @Nested
    class Configuration {

        @Test
        void aDeviceIrqInAKernelThatIsNotAGuestKernelIsRejectedNamingTheKey() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MetricsSpec(
                Set.of("guest"), Set.of("host"), Map.of("touch", new IrqRef("host", 40))));
            assertTrue(e.getMessage().contains("deviceGuestIrq.touch.kernel"), e.getMessage());
            assertTrue(e.getMessage().contains("[guest]"), e.getMessage());
        }

        @Test
        void aKernelCannotBeBothGuestAndHost() {
            assertThrows(IllegalArgumentException.class,
                () -> new MetricsSpec(Set.of("k"), Set.of("k"), Map.of()));
        }

        @Test
        void unknownMetricNamesAreRejectedListingTheAllowedForms() {
            MetricNames.requireValid("exits.apic-eoi");
            MetricNames.requireValid("messages.genirq.nobody_cared");
            MetricNames.requireValid("latency.assert-to-ack.p99");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricNames.requireValid("latency.assert-to-ack.p95"));
            assertTrue(e.getMessage().contains("spurious.<driver>"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MetricNames.requireValid("exits.hlt"));
            assertThrows(IllegalArgumentException.class, () -> MetricNames.requireValid("spurios"));
        }
    }

    /** kernel/irq/spurious.c note_interrupt's running counts, traced by the kernel as StateChanged. */
    @Nested
    class NoteInterrupt {

        private TraceEvent.StateChanged count(long t, String field, long from, long to) {
            return new TraceEvent.StateChanged(t, "guest", "irq 1", field, Long.toString(from), Long.toString(to),
                    "note_interrupt");
        }

        @Test
        void thePeakOfEachRunningCountIsReported() {
            c.emit(count(1, "irqs_unhandled", 0, 1));
            c.emit(count(2, "irq_count", 0, 1));
            c.emit(count(3, "irqs_unhandled", 1, 2));
            c.emit(count(4, "irq_count", 1, 2));
            c.emit(count(5, "irqs_unhandled", 2, 0));
            RunMetrics m = c.finish();
            assertEquals(2, v(m, "note-interrupt.irqs_unhandled"));
            assertEquals(2, v(m, "note-interrupt.irq_count"));
            assertEquals(2L, m.values().get("note-interrupt.irqs_unhandled"));
        }

        @Test
        void withoutAnyUnhandledInterruptTheCountsAreAbsentFromTheReportButReadAsZero() {
            c.emit(new TraceEvent.StateChanged(1, "guest", "irq 1", "irr", "0", "1", "x"));
            RunMetrics m = c.finish();
            assertEquals(0, v(m, "note-interrupt.irq_count"));
            assertTrue(m.values().keySet().stream().noneMatch(k -> k.startsWith("note-interrupt")));
            MetricNames.requireValid("note-interrupt.irqs_unhandled");
            assertThrows(IllegalArgumentException.class, () -> MetricNames.requireValid("note-interrupt.depth"));
        }
    }
}
