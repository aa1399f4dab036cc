package dev.irqlab.guest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.genirq.LinuxGenirqPlugin;
import dev.irqlab.guest.device.ElanI2cDeviceFactory;
import dev.irqlab.guest.driver.ElanI2cDriverFactory;
import dev.irqlab.guest.driver.UnclaimedDriverFactory;
import dev.irqlab.guest.testing.Contexts;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyLevelController;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The guest drivers on the real linux-genirq kernel model over a tiny GIC-like controller: the
 * ONESHOT sequence of kernel/irq/chip.c handle_fasteoi_irq + cond_unmask_eoi_irq and
 * kernel/irq/manage.c irq_finalize_oneshot — mask, primary, EOI, thread, unmask.
 */
class OneshotEndToEndTest {

    private static final int HWIRQ = 40;

    private final SimHarness h = new SimHarness();
    private final ToyLevelController ctl = new ToyLevelController(h.sim(), HWIRQ);
    private final IrqCore kernel;

    OneshotEndToEndTest() {
        KernelFactory f = PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        kernel = f.create(new KernelContext(h.sim(), "guest", ctl, h.hostCpus(1), 1, Config.defaults(f.schema())));
        ctl.connectCpu(0, kernel.cpuLine(0));
    }

    private Device elanPad() {
        Device pad = new ElanI2cDeviceFactory().create(
                Contexts.device(h.sim(), "touchpad0", Trigger.LEVEL_HIGH, new ElanI2cDeviceFactory()));
        pad.connect(ctl.input());
        return pad;
    }

    @Test
    @DisplayName("elan_i2c: masked -> primary -> EOI -> thread reads the report (line drops) -> unmask; one report, no spurious")
    void elanOneshotSequence() {
        Device pad = elanPad();
        int irq = kernel.createMapping(HWIRQ, Trigger.LEVEL_HIGH);
        GuestDriver drv = new ElanI2cDriverFactory().create(Contexts.driver(h.sim(), "elan_i2c", kernel, irq, pad,
                "oneshot-threaded", new ElanI2cDriverFactory()));
        assertEquals(0, drv.probe());
        assertEquals(List.of("unmask 40"), ctl.ops(), "irq_startup unmasks at request time");

        pad.dataArrives();
        h.runToIdle(10_000);

        assertEquals(List.of("unmask 40", "ack 40", "mask 40", "eoi 40", "unmask 40"), ctl.ops());
        long served = h.trace().of(TraceEvent.DeviceServed.class).get(0).time();
        long eoi = ctl.timeOf("eoi 40", 0);
        long unmask = ctl.timeOf("unmask 40", 1);
        assertTrue(eoi < served, "EOI at the end of the hard handler, before the thread's I2C read");
        assertTrue(served >= eoi + ElanI2cDriverFactory.DEFAULT_I2C_TRANSFER_NS, "the thread waited the I2C transfer");
        assertTrue(served <= unmask, "unmask only after the thread consumed the report");
        List<TraceEvent.DriverOutcome> outcomes = h.trace().of(TraceEvent.DriverOutcome.class);
        assertEquals(1, outcomes.size());
        assertEquals(1, outcomes.get(0).eventsServed());
        assertTrue(h.trace().messages("elan_i2c.invalid_report").isEmpty());
        assertEquals(0, pad.pendingEvents());
    }

    @Test
    @DisplayName("unclaimed level handler on a held line: the interrupt re-fires at once after every EOI (a storm)")
    void unclaimedStorms() {
        Device pad = elanPad();
        int irq = kernel.createMapping(HWIRQ, Trigger.LEVEL_HIGH);
        GuestDriver drv = new UnclaimedDriverFactory().create(Contexts.driver(h.sim(), "wrong", kernel, irq, pad,
                "level", new UnclaimedDriverFactory()));
        drv.probe();
        pad.dataArrives();
        h.runFor(SimHarness.us(100));
        long spurious = h.trace().of(TraceEvent.DriverOutcome.class).stream()
                .filter(TraceEvent.DriverOutcome::spurious).count();
        assertTrue(spurious > 10, "the held level line keeps re-firing: " + spurious);
        assertEquals(1, pad.pendingEvents(), "nobody serves the device");
    }
}
