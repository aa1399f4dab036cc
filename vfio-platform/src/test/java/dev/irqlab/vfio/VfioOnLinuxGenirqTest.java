package dev.irqlab.vfio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.HostIrq;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.genirq.LinuxGenirqPlugin;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyLevelController;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * vfio-platform on the real linux-genirq host kernel over a controller without {@code irq_disable}:
 * the automasked handler's {@code disable_irq_nosync} is lazy (kernel-notes §3, §7 A step 1).
 */
class VfioOnLinuxGenirqTest {

    private static final int HWIRQ = 40;

    private SimHarness harness;
    private ToyLevelController ctl;
    private IrqCore host;
    private int irq;
    private VfioPlatformDevice dev;
    private EventFd trigger;
    private EventFd unmask;

    @BeforeEach
    void setUp() {
        harness = new SimHarness();
        ctl = new ToyLevelController(harness.sim(), HWIRQ);
        KernelFactory kf = PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        host = kf.create(new KernelContext(harness.sim(), "host", ctl, harness.hostCpus(1), 1,
                Config.defaults(kf.schema())));
        ctl.connectCpu(0, host.cpuLine(0));
        irq = host.createMapping(HWIRQ, Trigger.LEVEL_HIGH);
        dev = device(new ForwarderContext(harness.sim(), "vfio.dev0", host,
                List.of(new HostIrq(irq, Trigger.LEVEL_HIGH)), Config.of(Map.of())));
        trigger = harness.sim().eventFd("trigger");
        unmask = harness.sim().eventFd("unmask");
        assertEquals(0, dev.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, 0, 0, 1,
                new IrqSetData.EventFds(List.of(trigger))));
        assertEquals(0, dev.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_UNMASK, 0, 0, 1,
                new IrqSetData.EventFds(List.of(unmask))));
    }

    @Test
    @DisplayName("IRQF_NO_AUTOEN: the irq is disabled (depth 1) until the trigger is set, then enabled (depth 0)")
    void noAutoenThenEnabledBySetTrigger() {
        IrqDescState d = host.describe(irq);
        assertEquals(0, d.depth());
        assertFalse(d.disabled());
        assertEquals(0, dev.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_TRIGGER, 0, 0, 0,
                new IrqSetData.None()));
        assertEquals(1, host.describe(irq).depth(), "vfio_set_trigger(-1): disable_irq");
    }

    @Test
    @DisplayName("lazy disable: the still-asserted line fires once more, genirq masks it and marks IRQS_PENDING; vfio signals once")
    void automaskedHandlerUnderLazyDisable() {
        ctl.input().set(true);
        harness.runFor(SimHarness.us(100));

        assertEquals(1, trigger.count(), "one signal: the second interrupt never reached the vfio handler");
        assertTrue(dev.masked(0));
        IrqDescState d = host.describe(irq);
        assertEquals(1, d.depth());
        assertTrue(d.disabled());
        assertTrue(d.masked(), "masked in hardware by the flow handler on the extra interrupt");
        assertTrue(d.pending(), "IRQS_PENDING from the extra interrupt");
        assertFalse(ctl.enabled());
        assertEquals(1, Collections.frequency(ctl.ops(), "mask " + HWIRQ),
                "disable_irq_nosync itself did not touch the chip");
    }

    @Test
    @DisplayName("signalling the unmask fd runs enable_irq inside the signal; a line still high fires and is forwarded again")
    void unmaskThroughVirqfdReenables() {
        ctl.input().set(true);
        harness.runFor(SimHarness.us(100));
        trigger.read();

        unmask.signal();
        assertFalse(dev.masked(0));
        assertEquals(0, host.describe(irq).depth());
        assertTrue(ctl.enabled(), "unmasked synchronously, within eventfd_signal");
        harness.runFor(SimHarness.us(100));
        assertEquals(1, trigger.count(), "the device still asserts: a fresh forwarded interrupt");
        assertTrue(dev.masked(0));

        ctl.input().set(false);
        trigger.read();
        unmask.signal();
        harness.runFor(SimHarness.us(100));
        assertEquals(0, trigger.count(), "line low: nothing after the unmask (no resend for level irqs)");
        assertFalse(host.describe(irq).pending());
    }

    /** The plugin's device as its Guice module wires it (as the runtime gets it). */
    private static VfioPlatformDevice device(ForwarderContext context) {
        return (VfioPlatformDevice) PluginBindings.factory(new VfioPlatformPlugin(), ForwarderFactory.class,
                VfioPlatformPlugin.NAME).create(context);
    }
}
