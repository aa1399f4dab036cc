package dev.irqlab.guest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.guest.device.ElanI2cDeviceFactory;
import dev.irqlab.guest.testing.RecordingIrqCore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pins drivers/input/mouse/elan_i2c_core.c elan_probe / elan_isr / elan_suspend / elan_resume. */
class ElanI2cDriverTest extends DriverTestBase {

    private final Device pad = device(new ElanI2cDeviceFactory(), "touchpad0", Trigger.LEVEL_LOW);

    private GuestDriver probe() {
        GuestDriver drv = driver(new ElanI2cDriverFactory(), "elan_i2c", pad, "oneshot-threaded");
        assertEquals(0, drv.probe());
        return drv;
    }

    @Test
    @DisplayName("elan_probe: devm_request_threaded_irq(NULL primary, elan_isr, IRQF_ONESHOT)")
    void requestFlags() {
        GuestDriver drv = probe();
        RecordingIrqCore.Request r = kernel.onlyRequest();
        assertNull(r.handler(), "NULL primary: genirq's irq_default_primary_handler wakes the thread");
        assertEquals(Set.of(IrqFlag.ONESHOT), r.flags());
        assertSame(drv, r.devId());
    }

    @Test
    @DisplayName("elan_isr: after the I2C transfer a valid report is consumed and the line released")
    void validReport() {
        probe();
        pad.dataArrives();
        List<IrqReturn> done = runThread(kernel.onlyRequest().threadFn());
        h.runFor(ElanI2cDriverFactory.DEFAULT_I2C_TRANSFER_NS - 1);
        assertTrue(done.isEmpty());
        assertEquals(1, pad.pendingEvents());
        h.runFor(1);
        assertEquals(List.of(IrqReturn.HANDLED), done);
        assertEquals(0, pad.pendingEvents());
        assertTrue(wire.level(), "active-low line released");
        assertEquals(1, outcomes().get(0).eventsServed());
        assertTrue(h.trace().messages(ElanI2cDriver.INVALID_REPORT).isEmpty());
    }

    @Test
    @DisplayName("elan_isr with nothing pending: \"elan_i2c <dev>: invalid report id data (0)\", outcome 0, still IRQ_HANDLED")
    void invalidReport() {
        probe();
        List<IrqReturn> done = runThread(kernel.onlyRequest().threadFn());
        h.runFor(ElanI2cDriverFactory.DEFAULT_I2C_TRANSFER_NS);
        assertEquals(List.of(IrqReturn.HANDLED), done);
        List<TraceEvent.KernelMessage> msgs = h.trace().messages("elan_i2c.invalid_report");
        assertEquals(1, msgs.size());
        assertEquals("elan_i2c touchpad0: invalid report id data (0)", msgs.get(0).text());
        assertEquals("guest", msgs.get(0).component());
        assertTrue(outcomes().get(0).spurious());
    }

    @Test
    @DisplayName("i2c-transfer is configurable")
    void configurableTransfer() {
        GuestDriver drv = driver(new ElanI2cDriverFactory(), "elan_i2c", pad, "oneshot-threaded",
                ElanI2cDriverFactory.I2C_TRANSFER, 1_000L);
        drv.probe();
        List<IrqReturn> done = runThread(kernel.onlyRequest().threadFn());
        h.runFor(1_000);
        assertEquals(1, done.size());
    }

    @Test
    @DisplayName("elan_suspend disables the irq, elan_resume enables it")
    void suspendResume() {
        GuestDriver drv = probe();
        List<Integer> result = new java.util.ArrayList<>();
        drv.suspend(result::add);
        assertEquals(List.of(0), result);
        drv.resume();
        assertEquals(List.of("request_threaded_irq 42", "disable_irq 42", "enable_irq 42"), kernel.calls());
    }

    @Test
    @DisplayName("flows level and edge are refused: elan_probe always requests a ONESHOT threaded irq")
    void refusesLevel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driver(new ElanI2cDriverFactory(), "elan_i2c", pad, "level"));
        assertTrue(e.getMessage().contains("allowed flows: oneshot-threaded"), e.getMessage());
    }
}
