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
import dev.irqlab.genirq.LinuxGenirqPlugin;
import dev.irqlab.guest.device.CrosEcDeviceFactory;
import dev.irqlab.guest.driver.CrosEcDriverFactory;
import dev.irqlab.guest.pm.LinuxSystemSleepFactory;
import dev.irqlab.guest.testing.Contexts;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyLevelController;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cros_ec as a wake source on the real genirq model: kernel/irq/pm.c irq_pm_check_wakeup ends s2idle. */
class CrosEcSuspendEndToEndTest {

    private final SimHarness h = new SimHarness();
    private final ToyLevelController ctl = new ToyLevelController(h.sim(), 40);

    @Test
    @DisplayName("an EC event while suspended wakes the guest early through the armed wake irq")
    void ecEventWakes() {
        KernelFactory kf = PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        IrqCore kernel = kf.create(new KernelContext(h.sim(), "guest", ctl, h.hostCpus(1), 1,
                Config.defaults(kf.schema())));
        ctl.connectCpu(0, kernel.cpuLine(0));
        Device ec = new CrosEcDeviceFactory().create(
                Contexts.device(h.sim(), "ec0", Trigger.LEVEL_HIGH, new CrosEcDeviceFactory()));
        ec.connect(ctl.input());
        int irq = kernel.createMapping(40, Trigger.LEVEL_HIGH);
        GuestDriver drv = new CrosEcDriverFactory().create(Contexts.driver(h.sim(), "cros_ec", kernel, irq, ec,
                "oneshot-threaded", new CrosEcDriverFactory()));
        assertEquals(0, drv.probe());
        LinuxSystemSleepFactory sf = new LinuxSystemSleepFactory();
        sf.create(h.sim(), "guest-pm", kernel, List.of(drv), Contexts.config(sf)).suspend(SimHarness.ms(100));
        h.runFor(SimHarness.ms(5)); // asleep by now (1.2 ms of suspend steps)
        assertEquals(1, h.trace().messages("pm.suspend_ok").size());
        ec.dataArrives();
        h.runFor(SimHarness.ms(10));
        assertEquals(1, h.trace().messages("pm.wakeup_irq").size(), h.trace().all().toString());
        assertTrue(h.trace().messages("pm.wakeup_irq").get(0).text().startsWith("PM: Triggering wakeup from IRQ "));
        assertEquals(1, h.trace().messages("pm.suspend_exit").size());
    }
}
