package dev.irqlab.guest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.guest.device.EdgePulseDeviceFactory;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EdgeDriverTest extends DriverTestBase {

    private final Device dev = device(new EdgePulseDeviceFactory(), "edge0", Trigger.EDGE_RISING);

    @Test
    @DisplayName("request_irq with no flags; the handler drains every queued event (coalesced edges)")
    void drainsFifo() {
        driver(new EdgeDriverFactory(), "edge", dev, "edge").probe();
        assertNull(kernel.onlyRequest().threadFn());
        assertEquals(Set.of(), kernel.onlyRequest().flags());
        dev.dataArrives();
        dev.dataArrives();
        dev.dataArrives();
        assertEquals(IrqReturn.HANDLED, kernel.onlyRequest().handler().handle(IRQ));
        assertEquals(0, dev.pendingEvents());
        assertEquals(3, outcomes().get(0).eventsServed());
        assertEquals(3, h.trace().of(TraceEvent.DeviceServed.class).size());
    }

    @Test
    @DisplayName("an empty FIFO gives IRQ_NONE and a spurious outcome")
    void spurious() {
        driver(new EdgeDriverFactory(), "edge", dev, "edge").probe();
        assertEquals(IrqReturn.NONE, kernel.onlyRequest().handler().handle(IRQ));
        assertTrue(outcomes().get(0).spurious());
    }

    @Test
    @DisplayName("flows level and oneshot-threaded are refused")
    void refusesOtherFlows() {
        assertThrows(IllegalArgumentException.class, () -> driver(new EdgeDriverFactory(), "edge", dev, "level"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driver(new EdgeDriverFactory(), "edge", dev, "oneshot-threaded"));
        assertTrue(e.getMessage().endsWith("allowed flows: edge"), e.getMessage());
    }
}
