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

class EdgePulseDeviceTest {

    private final SimHarness h = new SimHarness();
    private final RecordingLine wire = new RecordingLine();

    private Device device(Trigger trigger, Object... config) {
        Device d = new EdgePulseDeviceFactory().create(
                Contexts.device(h.sim(), "edge0", trigger, new EdgePulseDeviceFactory(), config));
        d.connect(wire);
        return d;
    }

    @Test
    @DisplayName("pulse-width 0: high then low at the same instant, two LineSink.set calls")
    void zeroWidthPulse() {
        Device d = device(Trigger.EDGE_RISING);
        d.dataArrives();
        assertEquals(List.of(false, true, false), wire.sets());
        assertFalse(d.lineLevel());
        List<TraceEvent.StateChanged> changes = h.trace().changes("edge0", "line");
        assertEquals(2, changes.size());
        assertEquals(changes.get(0).time(), changes.get(1).time());
    }

    @Test
    @DisplayName("pulse-width 2us: the line falls 2us after rising")
    void widePulse() {
        Device d = device(Trigger.EDGE_RISING, EdgePulseDeviceFactory.PULSE_WIDTH, SimHarness.us(2));
        d.dataArrives();
        assertTrue(d.lineLevel());
        h.runFor(SimHarness.us(1));
        assertTrue(d.lineLevel());
        h.runFor(SimHarness.us(1));
        assertFalse(d.lineLevel());
    }

    @Test
    @DisplayName("edge-falling pulses low from an idle-high wire")
    void fallingPulse() {
        Device d = device(Trigger.EDGE_FALLING);
        d.dataArrives();
        assertEquals(List.of(true, false, true), wire.sets());
    }

    @Test
    @DisplayName("STATUS counts the FIFO; each DATA read pops one event (served), 0 when empty")
    void dataPops() {
        Device d = device(Trigger.EDGE_RISING);
        d.dataArrives();
        d.dataArrives();
        assertEquals(2, d.registers().read(EdgePulseDevice.STATUS));
        assertEquals(1, d.registers().read(EdgePulseDevice.DATA));
        assertEquals(2, d.registers().read(EdgePulseDevice.DATA));
        assertEquals(0, d.registers().read(EdgePulseDevice.DATA));
        assertEquals(0, d.pendingEvents());
        assertEquals(2, h.trace().of(TraceEvent.DeviceServed.class).size());
        assertEquals(2, h.trace().of(TraceEvent.DeviceAsserted.class).size());
    }
}
