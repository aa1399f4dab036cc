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

class ElanAndCrosEcDeviceTest {

    private final SimHarness h = new SimHarness();
    private final RecordingLine wire = new RecordingLine();

    @Test
    @DisplayName("elan-i2c: ATTN asserted while a report waits; REPORT read returns ETP_REPORT_ID and releases the line")
    void elanReport() {
        Device d = new ElanI2cDeviceFactory().create(
                Contexts.device(h.sim(), "touchpad0", Trigger.LEVEL_LOW, new ElanI2cDeviceFactory()));
        d.connect(wire);
        d.dataArrives();
        d.dataArrives();
        assertFalse(wire.level(), "active low: asserted = 0");
        assertEquals(ElanI2cDevice.ETP_REPORT_ID, d.registers().read(ElanI2cDevice.REPORT));
        assertFalse(wire.level(), "one report still pending");
        assertEquals(ElanI2cDevice.ETP_REPORT_ID, d.registers().read(ElanI2cDevice.REPORT));
        assertTrue(wire.level(), "released after the last report");
        assertEquals(List.of(1L, 2L), h.trace().of(TraceEvent.DeviceServed.class).stream()
                .map(TraceEvent.DeviceServed::event).toList());
    }

    @Test
    @DisplayName("elan-i2c: a REPORT read with nothing pending returns the empty report (id 0) and serves nothing")
    void elanEmptyReport() {
        Device d = new ElanI2cDeviceFactory().create(
                Contexts.device(h.sim(), "touchpad0", Trigger.LEVEL_LOW, new ElanI2cDeviceFactory()));
        d.connect(wire);
        assertEquals(0, d.registers().read(ElanI2cDevice.REPORT));
        assertTrue(h.trace().of(TraceEvent.DeviceServed.class).isEmpty());
        assertTrue(wire.level());
    }

    @Test
    @DisplayName("cros-ec: EVENT pops one event and flags EC_MKBP_HAS_MORE_EVENTS while more remain")
    void crosEcEvents() {
        Device d = new CrosEcDeviceFactory().create(
                Contexts.device(h.sim(), "ec0", Trigger.LEVEL_LOW, new CrosEcDeviceFactory()));
        d.connect(wire);
        d.dataArrives();
        d.dataArrives();
        long first = d.registers().read(CrosEcDevice.EVENT);
        assertEquals(1, first & CrosEcDevice.EVENT_MASK);
        assertEquals(1, first >>> CrosEcDevice.HAS_MORE_EVENTS_BIT);
        assertFalse(wire.level());
        long second = d.registers().read(CrosEcDevice.EVENT);
        assertEquals(2, second);
        assertTrue(wire.level());
        assertEquals(0, d.registers().read(CrosEcDevice.EVENT));
    }
}
