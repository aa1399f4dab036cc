package dev.irqlab.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.genirq.LinuxGenirqPlugin;
import dev.irqlab.pci.device.PciIntxDevice;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import dev.irqlab.pci.driver.PciIntxDriverFactory;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyPic;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The guest PCI INTx driver on the real linux-genirq kernel over the kit's {@link ToyPic}. */
class PciIntxDriverTest {

    private final SimHarness harness = new SimHarness();
    private final ToyPic pic = new ToyPic();
    private final IrqCore kernel;
    private final int irq;
    private final PciIntxDevice device;

    PciIntxDriverTest() {
        KernelFactory kf = PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        kernel = kf.create(new KernelContext(harness.sim(), "guest", pic, harness.hostCpus(1), 1,
                Config.defaults(kf.schema())));
        pic.connectCpu(0, kernel.cpuLine(0));
        irq = kernel.createMapping(pic.hwirqForLine(3), Trigger.LEVEL_HIGH);
        device = new PciIntxDevice(new DeviceContext(harness.sim(), "f0", Trigger.LEVEL_HIGH,
                Config.defaults(new PciIntxDeviceFactory().schema())));
        device.connect(pic.input(pic.hwirqForLine(3)));
    }

    private GuestDriver driver(String flow) {
        PciIntxDriverFactory f = new PciIntxDriverFactory();
        return f.create(new GuestDriverContext(harness.sim(), "drv", kernel, irq, device, flow,
                Config.defaults(f.schema())));
    }

    private List<Integer> outcomes() {
        return harness.trace().of(TraceEvent.DriverOutcome.class).stream().map(TraceEvent.DriverOutcome::eventsServed)
                .toList();
    }

    @Test
    @DisplayName("level: request_irq with IRQF_SHARED (another shared request succeeds), the handler ACKs its event")
    void level() {
        assertEquals(0, driver("level").probe());
        assertEquals(0, kernel.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.of(IrqFlag.SHARED), "other", this));
        device.dataArrives();
        harness.runFor(SimHarness.us(50));
        assertEquals(List.of(1), outcomes());
        assertEquals(0, device.pendingEvents());
    }

    @Test
    @DisplayName("oneshot-threaded: IRQF_SHARED | IRQF_ONESHOT; the thread serves after bus-latency (200 us)")
    void oneshot() {
        assertEquals(0, driver("oneshot-threaded").probe());
        assertEquals(-Errno.EBUSY, kernel.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.of(IrqFlag.SHARED), "other",
                this), "__setup_irq: a sharer without IRQF_ONESHOT is a flags mismatch");
        device.dataArrives();
        harness.runFor(SimHarness.us(100));
        assertEquals(List.of(), outcomes());
        harness.runFor(SimHarness.us(300));
        assertEquals(List.of(1), outcomes());
    }

    @Test
    @DisplayName("flows other than level and oneshot-threaded are refused, naming the allowed ones")
    void flows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> driver("edge"));
        assertEquals("driver 'pci-intx' does not support flow 'edge'; allowed flows: level, oneshot-threaded",
                e.getMessage());
    }
}
