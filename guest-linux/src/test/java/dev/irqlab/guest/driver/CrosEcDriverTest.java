package dev.irqlab.guest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.guest.device.CrosEcDeviceFactory;
import dev.irqlab.guest.testing.RecordingIrqCore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pins drivers/platform/chrome/cros_ec.c cros_ec_register / cros_ec_irq_thread / cros_ec_suspend / cros_ec_resume. */
class CrosEcDriverTest extends DriverTestBase {

    private final Device ec = device(new CrosEcDeviceFactory(), "ec0", Trigger.LEVEL_LOW);

    private CrosEcDriver probe(Object... config) {
        CrosEcDriver drv = (CrosEcDriver) driver(new CrosEcDriverFactory(), "cros_ec", ec, "oneshot-threaded",
                config);
        assertEquals(0, drv.probe());
        return drv;
    }

    @Test
    @DisplayName("cros_ec.c cros_ec_register: cros_ec_irq_handler returning IRQ_WAKE_THREAD, "
            + "IRQF_TRIGGER_LOW | IRQF_ONESHOT, \"chromeos-ec\"")
    void request() {
        probe();
        RecordingIrqCore.Request r = kernel.onlyRequest();
        assertNotNull(r.threadFn());
        assertEquals(IrqReturn.WAKE_THREAD, r.handler().handle(IRQ));
        assertEquals(Set.of(IrqFlag.TRIGGER_LOW, IrqFlag.ONESHOT), r.flags());
        assertEquals("chromeos-ec", r.name());
    }

    @Test
    @DisplayName("cros_ec_irq_thread loops while the EC reports more events, one host command each")
    void drainsEvents() {
        CrosEcDriver drv = probe();
        ec.dataArrives();
        ec.dataArrives();
        List<IrqReturn> done = runThread(kernel.onlyRequest().threadFn());
        h.runFor(CrosEcDriverFactory.DEFAULT_EC_COMMAND_LATENCY_NS);
        assertTrue(done.isEmpty(), "second command still running");
        assertEquals(1, ec.pendingEvents());
        h.runFor(CrosEcDriverFactory.DEFAULT_EC_COMMAND_LATENCY_NS);
        assertEquals(List.of(IrqReturn.HANDLED), done);
        assertEquals(2, outcomes().get(0).eventsServed());
        assertEquals(2, drv.wakeupEventCount());
        assertTrue(wire.level(), "EC_INT released");
    }

    @Test
    @DisplayName("a spurious EC interrupt: outcome 0, IRQ_HANDLED, and still a wakeup event (wake_event defaults to true)")
    void spuriousIsWakeEvent() {
        CrosEcDriver drv = probe();
        List<IrqReturn> done = runThread(kernel.onlyRequest().threadFn());
        h.runFor(CrosEcDriverFactory.DEFAULT_EC_COMMAND_LATENCY_NS);
        assertEquals(List.of(IrqReturn.HANDLED), done);
        assertTrue(outcomes().get(0).spurious());
        assertEquals(1, drv.wakeupEventCount());
        assertEquals(h.now(), drv.lastWakeupEventTime());
        assertEquals("ec0", drv.wakeupSourceName());
    }

    @Test
    @DisplayName("cros_ec_suspend: enable_irq_wake then disable_irq; cros_ec_resume: enable_irq then disable_irq_wake")
    void suspendResumeOrder() {
        CrosEcDriver drv = probe();
        List<Integer> result = new java.util.ArrayList<>();
        drv.suspend(result::add);
        assertEquals(List.of(0), result);
        assertTrue(drv.wakeEnabled());
        drv.resume();
        assertFalse(drv.wakeEnabled());
        assertEquals(List.of("request_threaded_irq 42", "irq_set_irq_wake 42 on", "disable_irq 42",
                "enable_irq 42", "irq_set_irq_wake 42 off"), kernel.calls());
    }

    @Test
    @DisplayName("cros_ec_resume reports events queued during suspend (MKBP) without an interrupt")
    void resumeDrainsQueuedEvents() {
        CrosEcDriver drv = probe();
        drv.suspend(r -> { });
        ec.dataArrives();
        drv.resume();
        assertEquals(0, ec.pendingEvents());
        assertEquals(1, drv.wakeupEventCount());
        assertTrue(outcomes().isEmpty(), "no interrupt was handled");
    }

    @Test
    @DisplayName("mkbp-event-supported=false leaves events queued during suspend to the interrupt")
    void noMkbp() {
        CrosEcDriver drv = probe(CrosEcDriverFactory.MKBP_EVENT_SUPPORTED, false);
        drv.suspend(r -> { });
        ec.dataArrives();
        drv.resume();
        assertEquals(1, ec.pendingEvents());
    }

    @Test
    @DisplayName("cros_ec.c cros_ec_register: a refused request prints \"Failed to request IRQ %d: %d\"")
    void requestRefused() {
        kernel.failRequestsWith(-dev.irqlab.api.Errno.EINVAL);
        CrosEcDriver drv = (CrosEcDriver) driver(new CrosEcDriverFactory(), "cros_ec", ec, "oneshot-threaded");
        assertEquals(-dev.irqlab.api.Errno.EINVAL, drv.probe());
        List<dev.irqlab.api.trace.TraceEvent.KernelMessage> m = h.trace().messages("driver.request_irq_failed");
        assertEquals("cros-ec ec0: Failed to request IRQ " + IRQ + ": -22 (EINVAL)", m.get(0).text());
    }

    @Test
    @DisplayName("flow level is refused")
    void refusesLevel() {
        assertThrows(IllegalArgumentException.class,
                () -> driver(new CrosEcDriverFactory(), "cros_ec", ec, "level"));
    }
}
