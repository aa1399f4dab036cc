package dev.irqlab.guest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.guest.device.LevelStatusDeviceFactory;
import dev.irqlab.guest.testing.RecordingIrqCore;
import dev.irqlab.tck.SimHarness;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LevelFasteoiDriverTest extends DriverTestBase {

    private final Device dev = device(new LevelStatusDeviceFactory(), "dev0", Trigger.LEVEL_HIGH);

    @Test
    @DisplayName("flow level: request_irq with a primary handler and no flags")
    void levelRequest() {
        GuestDriver drv = driver(new LevelFasteoiDriverFactory(), "lvl", dev, "level");
        assertEquals(0, drv.probe());
        RecordingIrqCore.Request r = kernel.onlyRequest();
        assertEquals(IRQ, r.irq());
        assertNotNull(r.handler());
        assertNull(r.threadFn());
        assertEquals(Set.of(), r.flags());
        assertEquals("lvl", r.name());
    }

    @Test
    @DisplayName("flow level: the primary handler reads STATUS, writes ACK (line drops) and returns IRQ_HANDLED")
    void levelHandler() {
        driver(new LevelFasteoiDriverFactory(), "lvl", dev, "level").probe();
        dev.dataArrives();
        dev.dataArrives();
        assertEquals(IrqReturn.HANDLED, kernel.onlyRequest().handler().handle(IRQ));
        assertFalse(dev.lineLevel());
        assertEquals(2, outcomes().get(0).eventsServed());
        assertEquals("guest", outcomes().get(0).component());
        assertEquals("dev0", outcomes().get(0).device());
        assertEquals(IRQ, outcomes().get(0).irq());
    }

    @Test
    @DisplayName("flow level: STATUS 0 makes the handler return IRQ_NONE with a spurious DriverOutcome")
    void levelSpurious() {
        driver(new LevelFasteoiDriverFactory(), "lvl", dev, "level").probe();
        assertEquals(IrqReturn.NONE, kernel.onlyRequest().handler().handle(IRQ));
        assertTrue(outcomes().get(0).spurious());
    }

    @Test
    @DisplayName("flow oneshot-threaded: request_threaded_irq(NULL, thread, IRQF_ONESHOT)")
    void oneshotRequest() {
        driver(new LevelFasteoiDriverFactory(), "lvl", dev, "oneshot-threaded").probe();
        RecordingIrqCore.Request r = kernel.onlyRequest();
        assertNull(r.handler());
        assertNotNull(r.threadFn());
        assertEquals(Set.of(IrqFlag.ONESHOT), r.flags());
    }

    @Test
    @DisplayName("flow oneshot-threaded: the thread acknowledges only after bus-latency, then completes HANDLED")
    void oneshotThreadWaitsForBus() {
        driver(new LevelFasteoiDriverFactory(), "lvl", dev, "oneshot-threaded").probe();
        dev.dataArrives();
        List<IrqReturn> done = runThread(kernel.onlyRequest().threadFn());
        h.runFor(LevelFasteoiDriverFactory.DEFAULT_BUS_LATENCY_NS - 1);
        assertTrue(done.isEmpty());
        assertTrue(dev.lineLevel(), "device still asserting while the bus transfer runs");
        h.runFor(1);
        assertEquals(List.of(IrqReturn.HANDLED), done);
        assertFalse(dev.lineLevel());
        assertEquals(1, outcomes().get(0).eventsServed());
        assertEquals(SimHarness.us(200), outcomes().get(0).time());
    }

    @Test
    @DisplayName("flow edge is refused with an IllegalArgumentException naming the allowed flows")
    void refusesEdge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driver(new LevelFasteoiDriverFactory(), "lvl", dev, "edge"));
        assertTrue(e.getMessage().contains("level, oneshot-threaded"), e.getMessage());
        assertTrue(e.getMessage().contains("'edge'"), e.getMessage());
    }

    @Test
    @DisplayName("a failed request_irq makes probe return the error and print it")
    void requestFailure() {
        kernel.failRequestsWith(-Errno.EINVAL);
        assertEquals(-Errno.EINVAL, driver(new LevelFasteoiDriverFactory(), "lvl", dev, "level").probe());
        assertEquals(1, h.trace().messages("driver.request_irq_failed").size());
    }
}
