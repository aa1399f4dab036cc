package dev.irqlab.guest.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.guest.testing.Contexts;
import dev.irqlab.guest.testing.RecordingLine;
import dev.irqlab.tck.SimHarness;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LevelStatusDeviceTest {

    private final SimHarness h = new SimHarness();
    private final RecordingLine wire = new RecordingLine();

    private Device device(Trigger trigger, Object... config) {
        Device d = new LevelStatusDeviceFactory().create(
                Contexts.device(h.sim(), "dev0", trigger, new LevelStatusDeviceFactory(), config));
        d.connect(wire);
        return d;
    }

    @Test
    @DisplayName("data asserts the level line and it stays asserted until ACK, which serves every pending event")
    void staysAssertedUntilAck() {
        Device d = device(Trigger.LEVEL_HIGH);
        d.dataArrives();
        h.runFor(SimHarness.us(10));
        d.dataArrives(); // arrives while asserted: just another pending event
        assertTrue(d.lineLevel());
        assertEquals(2, d.registers().read(LevelStatusDevice.STATUS));
        assertEquals(2, d.pendingEvents());

        d.registers().write(LevelStatusDevice.ACK, 1);

        assertFalse(d.lineLevel());
        assertFalse(wire.level());
        assertEquals(0, d.registers().read(LevelStatusDevice.STATUS));
        assertEquals(List.of(1L, 2L), h.trace().of(TraceEvent.DeviceServed.class).stream()
                .map(TraceEvent.DeviceServed::event).toList());
        assertEquals(List.of(1L, 2L), h.trace().of(TraceEvent.DeviceAsserted.class).stream()
                .map(TraceEvent.DeviceAsserted::event).toList());
        assertEquals(List.of("0->1", "1->0"), h.trace().changes("dev0", "line").stream()
                .map(c -> c.from() + "->" + c.to()).toList());
    }

    @Test
    @DisplayName("level-low drives the wire idle-high at connect and pulls it low when asserted")
    void activeLow() {
        Device d = device(Trigger.LEVEL_LOW);
        assertEquals(List.of(true), wire.sets());
        d.dataArrives();
        assertEquals(List.of(true, false), wire.sets());
        d.registers().write(LevelStatusDevice.ACK, 0);
        assertEquals(List.of(true, false, true), wire.sets());
    }

    @Test
    @DisplayName("reassert-delay: data arriving within the hold-off after ACK raises the line only when it ends")
    void reassertDelay() {
        Device d = device(Trigger.LEVEL_HIGH, LevelStatusDeviceFactory.REASSERT_DELAY, SimHarness.us(50));
        d.dataArrives();
        d.registers().write(LevelStatusDevice.ACK, 1);
        h.runFor(SimHarness.us(10));
        d.dataArrives();
        assertFalse(d.lineLevel(), "held idle during the hold-off");
        assertEquals(1, d.registers().read(LevelStatusDevice.STATUS));
        h.runFor(SimHarness.us(39));
        assertFalse(d.lineLevel());
        h.runFor(SimHarness.us(1));
        assertTrue(d.lineLevel(), "re-asserted 50 us after the ACK");
        TraceEvent.DeviceAsserted second = h.trace().of(TraceEvent.DeviceAsserted.class).get(1);
        assertEquals(2, second.event());
        assertEquals(SimHarness.us(50), second.time());
    }

    @Test
    @DisplayName("without reassert-delay, data right after ACK asserts at once")
    void noDelayByDefault() {
        Device d = device(Trigger.LEVEL_HIGH);
        d.dataArrives();
        d.registers().write(LevelStatusDevice.ACK, 1);
        d.dataArrives();
        assertTrue(d.lineLevel());
    }

    @Test
    @DisplayName("an undefined register reads as 0, ignores writes and is reported, never thrown")
    void unknownRegister() {
        Device d = device(Trigger.LEVEL_HIGH);
        d.dataArrives();
        assertEquals(0, d.registers().read(0x40));
        d.registers().write(0x40, 7);
        assertTrue(d.lineLevel());
        assertEquals(2, h.trace().messages("device.unknown_register").size());
    }
}
