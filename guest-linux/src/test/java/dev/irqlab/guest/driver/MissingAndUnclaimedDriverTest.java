package dev.irqlab.guest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.guest.device.LevelStatusDeviceFactory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MissingAndUnclaimedDriverTest extends DriverTestBase {

    private final Device dev = device(new LevelStatusDeviceFactory(), "dev0", Trigger.LEVEL_HIGH);

    @Test
    @DisplayName("missing: probe requests no irq at all, for every flow (the descriptor keeps no action)")
    void missingRequestsNothing() {
        for (String flow : List.of("edge", "level", "oneshot-threaded")) {
            assertEquals(0, driver(new MissingDriverFactory(), "none", dev, flow).probe());
        }
        assertTrue(kernel.calls().isEmpty());
        assertTrue(outcomes().isEmpty());
    }

    @Test
    @DisplayName("unclaimed level: request_irq; the handler returns IRQ_NONE, touches no register, the line stays up")
    void unclaimedLevel() {
        driver(new UnclaimedDriverFactory(), "wrong", dev, "level").probe();
        dev.dataArrives();
        assertEquals(Set.of(), kernel.onlyRequest().flags());
        assertEquals(IrqReturn.NONE, kernel.onlyRequest().handler().handle(IRQ));
        assertTrue(dev.lineLevel());
        assertTrue(outcomes().get(0).spurious());
        assertTrue(h.trace().of(TraceEvent.DeviceServed.class).isEmpty());
    }

    @Test
    @DisplayName("unclaimed oneshot-threaded: NULL primary, IRQF_ONESHOT, the thread completes IRQ_NONE")
    void unclaimedThreaded() {
        driver(new UnclaimedDriverFactory(), "wrong", dev, "oneshot-threaded").probe();
        assertNull(kernel.onlyRequest().handler());
        assertEquals(Set.of(IrqFlag.ONESHOT), kernel.onlyRequest().flags());
        assertEquals(List.of(IrqReturn.NONE), runThread(kernel.onlyRequest().threadFn()));
        assertTrue(outcomes().get(0).spurious());
    }
}
