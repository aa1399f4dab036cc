package dev.irqlab.vfiopci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.HostIrq;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.pci.Pci;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.genirq.LinuxGenirqPlugin;
import dev.irqlab.pci.device.PciIntxDevice;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyPic;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * vfio-pci's INTx (drivers/vfio/pci/vfio_pci_intrs.c, Linux 6.17) over PCI functions of the
 * {@code pci-intx} model on one host line of the kit's {@link ToyPic}, with the real linux-genirq
 * host kernel. Several functions on the line share it as INTx wires do (open drain: asserted while
 * any function asserts).
 */
class VfioPciIntxTest {

    private static final int LINE = 5;
    private static final long WORK_NS = 5_000;

    private SimHarness harness;
    private ToyPic pic;
    private IrqCore host;
    private int irq;
    private final List<Boolean> drivers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        harness = new SimHarness();
        pic = new ToyPic();
        KernelFactory kf = PluginBindings.factory(new LinuxGenirqPlugin(), KernelFactory.class, LinuxGenirqPlugin.NAME);
        host = kf.create(new KernelContext(harness.sim(), "host", pic, harness.hostCpus(1), 1,
                Config.defaults(kf.schema())));
        pic.connectCpu(0, host.cpuLine(0));
        irq = host.createMapping(pic.hwirqForLine(LINE), Trigger.LEVEL_HIGH);
    }

    /** A function on the shared line; its INTx is one driver of the wired-OR. */
    private PciIntxDevice function(String name, String masking) {
        return function(name, masking, PciIntxDeviceFactory.DEFAULT_VENDOR_ID, PciIntxDeviceFactory.DEFAULT_DEVICE_ID);
    }

    /** {@link #function(String, String)} with the Vendor and Device ID registers the quirk tables match. */
    private PciIntxDevice function(String name, String masking, long vendor, long device) {
        Map<String, Object> cfg = new TreeMap<>(Config.defaults(new PciIntxDeviceFactory().schema()).values());
        cfg.put(PciIntxDeviceFactory.INTX_MASKING, masking);
        cfg.put(PciIntxDeviceFactory.VENDOR_ID, vendor);
        cfg.put(PciIntxDeviceFactory.DEVICE_ID, device);
        PciIntxDevice f = new PciIntxDevice(new DeviceContext(harness.sim(), name, Trigger.LEVEL_HIGH, Config.of(cfg)));
        int slot = drivers.size();
        drivers.add(false);
        LineSink wire = pic.input(pic.hwirqForLine(LINE));
        f.connect(level -> {
            drivers.set(slot, level);
            wire.set(drivers.contains(true));
        });
        return f;
    }

    private VfioPciDevice vfio(PciIntxDevice f, boolean nointxmask) {
        Config options = Config.of(Map.of(VfioPciForwarderFactory.NOINTXMASK, nointxmask,
                VfioPciForwarderFactory.VIRQFD_WORK_LATENCY, WORK_NS));
        return (VfioPciDevice) PluginBindings.factory(new VfioPciPlugin(), ForwarderFactory.class, VfioPciPlugin.NAME)
                .create(new ForwarderContext(harness.sim(), "vfio." + f.name(), host,
                        List.of(new HostIrq(irq, Trigger.LEVEL_HIGH)), options, f));
    }

    /**
     * Wires the trigger and the unmask eventfds of a function vfio masks at the irq chip: vfio_intx_enable
     * then requested the line without IRQF_SHARED, so another sharer's request fails with -EBUSY.
     */
    private void wireExclusive(VfioPciDevice d, EventFd trigger, EventFd unmask) {
        assertEquals(0, wire(d, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
        assertEquals(0, wire(d, Vfio.IRQ_SET_ACTION_UNMASK, unmask));
        assertEquals(-Errno.EBUSY, host.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.of(IrqFlag.SHARED), "other",
                this), "vfio_intx_enable requested it without IRQF_SHARED");
    }

    private static int wire(VfioPciDevice d, int action, EventFd fd) {
        return d.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | action, Vfio.PCI_INTX_IRQ_INDEX, 0, 1,
                new IrqSetData.EventFds(java.util.Arrays.asList(fd)));
    }

    private void settle() {
        harness.runFor(SimHarness.us(100));
    }

    @Nested
    @DisplayName("a PCI 2.3 function: DisINTx masking")
    class DisIntx {
        private PciIntxDevice f;
        private VfioPciDevice d;
        private EventFd trigger;
        private EventFd unmask;

        @BeforeEach
        void wireIt() {
            f = function("f0", "pci-2.3");
            d = vfio(f, false);
            trigger = harness.sim().eventFd("trigger");
            unmask = harness.sim().eventFd("unmask");
            assertEquals(0, wire(d, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            assertEquals(0, wire(d, Vfio.IRQ_SET_ACTION_UNMASK, unmask));
        }

        @Test
        @DisplayName("vfio_pci_core_enable: pci_2_3 from pci_intx_mask_broken (the bit sticks)")
        void pci23() {
            assertTrue(d.pci23());
        }

        @Test
        @DisplayName("vfio_intx_enable requests IRQF_SHARED: another shared request on the line succeeds, an exclusive one gets -EBUSY")
        void requestedShared() {
            assertEquals(0, host.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.of(IrqFlag.SHARED), "other", this));
            assertEquals(-Errno.EBUSY, host.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.noneOf(IrqFlag.class),
                    "excl", new Object()));
        }

        @Test
        @DisplayName("vfio_intx_handler: pci_check_and_mask_intx sets Interrupt Disable (INTx drops), masked, one signal; the host line is never disabled")
        void handlerMasksAtTheFunction() {
            f.dataArrives();
            settle();
            assertEquals(1, trigger.count());
            assertTrue(f.intxDisabled());
            assertFalse(f.lineLevel(), "INTx de-asserted");
            assertTrue(d.masked());
            assertEquals(0, host.describe(irq).depth(), "no disable_irq: the irq chip is not involved");
        }

        @Test
        @DisplayName("vfio_pci_intx_unmask_handler: still pending -> stays masked and the virqfd work item re-signals (not inside eventfd_signal)")
        void unmaskWhilePendingResends() {
            f.dataArrives();
            settle();
            unmask.signal();
            assertEquals(1, trigger.count(), "nothing inside the signaller's eventfd_signal");
            assertTrue(d.masked());
            assertTrue(f.intxDisabled(), "pci_check_and_unmask_intx refused");
            harness.runFor(WORK_NS);
            assertEquals(2, trigger.count(), "vfio_send_intx_eventfd from the virqfd's inject work");
            assertEquals(1, host.describe(irq).totalCount(), "no second host interrupt");
        }

        @Test
        @DisplayName("vfio_pci_intx_unmask_handler: serviced -> Interrupt Disable cleared, unmasked, no signal")
        void unmaskWhenServiced() {
            f.dataArrives();
            settle();
            f.registers().write(PciIntxDevice.ACK, 1);
            unmask.signal();
            settle();
            assertFalse(d.masked());
            assertFalse(f.intxDisabled());
            assertEquals(1, trigger.count());
        }

        @Test
        @DisplayName("a new event after the unmask interrupts again")
        void nextEvent() {
            f.dataArrives();
            settle();
            f.registers().write(PciIntxDevice.ACK, 1);
            unmask.signal();
            f.dataArrives();
            settle();
            assertEquals(2, trigger.count());
            assertEquals(2, host.describe(irq).totalCount());
        }

        @Test
        @DisplayName("virq_disabled (the guest's DisINTx via vfio_basic_config_write): masks, suppresses signals; clearing it unmasks and re-sends a pending interrupt")
        void guestDisIntx() {
            d.guestCommandWrite(Pci.COMMAND_INTX_DISABLE);
            assertTrue(d.virqDisabled());
            assertTrue(f.intxDisabled(), "__vfio_pci_intx_mask: pci_intx(pdev, 0)");
            f.dataArrives();
            settle();
            assertEquals(0, trigger.count());
            assertEquals(0, host.describe(irq).totalCount(), "INTx never asserted");
            d.guestCommandWrite(0);
            assertFalse(d.virqDisabled());
            assertEquals(1, trigger.count(), "__vfio_pci_intx_unmask: the unmask handler asks, the trigger is signalled at once");
            assertTrue(d.masked());
        }

        @Test
        @DisplayName("VFIO_DEVICE_SET_IRQS: MASK with an eventfd is -ENOTTY; ACTION_TRIGGER count 0 with DATA_NONE frees the irq")
        void maskEventfdAndTeardown() {
            assertEquals(-Errno.ENOTTY, wire(d, Vfio.IRQ_SET_ACTION_MASK, unmask));
            assertEquals(0, d.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_TRIGGER, 0, 0, 0,
                    new IrqSetData.None()));
            assertEquals(0, host.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.noneOf(IrqFlag.class), "excl", this),
                    "the line is free again");
            assertEquals(-Errno.EINVAL, d.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_UNMASK, 0, 0, 1,
                    new IrqSetData.None()), "vfio_pci_set_intx_unmask: !is_intx");
        }
    }

    @Test
    @DisplayName("two 2.3 functions on one line: each handler claims only its own function's interrupt (IRQ_NONE for the other)")
    void sharedLine() {
        PciIntxDevice a = function("a", "pci-2.3");
        PciIntxDevice b = function("b", "pci-2.3");
        VfioPciDevice da = vfio(a, false);
        VfioPciDevice db = vfio(b, false);
        EventFd ta = harness.sim().eventFd("ta");
        EventFd tb = harness.sim().eventFd("tb");
        assertEquals(0, wire(da, Vfio.IRQ_SET_ACTION_TRIGGER, ta));
        assertEquals(0, wire(db, Vfio.IRQ_SET_ACTION_TRIGGER, tb));
        b.dataArrives();
        settle();
        assertEquals(0, ta.count());
        assertEquals(1, tb.count());
        assertFalse(da.masked());
        assertTrue(db.masked());
        assertEquals(0, host.describe(irq).irqsUnhandled(), "one action claimed it: not unhandled");
    }

    @Test
    @DisplayName("a pre-2.3 function: exclusive request, masked with disable_irq_nosync, unmasked with enable_irq")
    void exclusiveMode() {
        PciIntxDevice f = function("f0", "pre-2.3");
        VfioPciDevice d = vfio(f, false);
        assertFalse(d.pci23(), "pci_intx_mask_broken: the toggled bit did not stick");
        EventFd trigger = harness.sim().eventFd("trigger");
        EventFd unmask = harness.sim().eventFd("unmask");
        wireExclusive(d, trigger, unmask);
        f.dataArrives();
        settle();
        assertEquals(1, trigger.count());
        assertEquals(1, host.describe(irq).depth(), "disable_irq_nosync");
        f.registers().write(PciIntxDevice.ACK, 1);
        unmask.signal();
        assertEquals(0, host.describe(irq).depth(), "enable_irq");
        assertFalse(d.masked());
    }

    @Test
    @DisplayName("nointxmask: a 2.3 function is masked at the irq chip and its exclusive request fails on a shared line (-EBUSY)")
    void nointxmask() {
        PciIntxDevice other = function("other", "pci-2.3");
        VfioPciDevice shared = vfio(other, false);
        assertEquals(0, wire(shared, Vfio.IRQ_SET_ACTION_TRIGGER, harness.sim().eventFd("t0")));
        PciIntxDevice f = function("f0", "pci-2.3");
        VfioPciDevice d = vfio(f, true);
        assertFalse(d.pci23());
        assertEquals(-Errno.EBUSY, wire(d, Vfio.IRQ_SET_ACTION_TRIGGER, harness.sim().eventFd("t1")));
        assertEquals(-Errno.EINVAL, wire(d, Vfio.IRQ_SET_ACTION_UNMASK, harness.sim().eventFd("u1")),
                "the failed enable left INTx off (irq_type none)");
    }

    @Test
    @DisplayName("VFIO_DEVICE_GET_IRQ_INFO: INTx EVENTFD|MASKABLE|AUTOMASKED count 1; MSI/MSI-X count 0 (no capability); ERR, REQ count 1")
    void irqInfo() {
        VfioPciDevice d = vfio(function("f0", "pci-2.3"), false);
        assertEquals(Vfio.PCI_NUM_IRQS, d.irqCount());
        IrqInfo intx = d.irqInfo(Vfio.PCI_INTX_IRQ_INDEX);
        assertEquals(Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_MASKABLE | Vfio.IRQ_INFO_AUTOMASKED, intx.flags());
        assertEquals(1, intx.count());
        assertEquals(0, d.irqInfo(Vfio.PCI_MSI_IRQ_INDEX).count());
        assertEquals(0, d.irqInfo(Vfio.PCI_MSIX_IRQ_INDEX).count());
        assertEquals(Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_NORESIZE, d.irqInfo(Vfio.PCI_ERR_IRQ_INDEX).flags());
        assertEquals(1, d.irqInfo(Vfio.PCI_REQ_IRQ_INDEX).count());
        assertEquals(-Errno.EINVAL, d.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER,
                Vfio.PCI_MSI_IRQ_INDEX, 0, 1, new IrqSetData.EventFds(List.of(harness.sim().eventFd("m")))),
                "vfio_set_irqs_validate_and_prepare: start 0 >= the index's count 0");
        assertEquals(Vfio.DEVICE_FLAGS_PCI, d.deviceFlags());
    }

    @Test
    @DisplayName("a function whose Interrupt Disable does not gate INTx (unquirked hardware bug): every handler answers IRQ_NONE and note_interrupt disables the line (\"nobody cared\")")
    void brokenMaskingNobodyCared() {
        PciIntxDevice f = function("f0", "broken");
        VfioPciDevice d = vfio(f, false);
        assertTrue(d.pci23(), "enumeration cannot tell: the bit sticks");
        EventFd trigger = harness.sim().eventFd("trigger");
        assertEquals(0, wire(d, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
        f.dataArrives();
        // the line is shared (IRQF_SHARED), so spurious.c poll_spurious_irqs polls it every HZ/10 for
        // ever after "nobody cared": the run never goes idle; 400 ms covers the storm and two polls
        harness.runFor(dev.irqlab.tck.SimHarness.ms(400));
        assertEquals(1, trigger.count(), "claimed once, then masked: every later interrupt, polls included, is IRQ_NONE");
        assertTrue(host.describe(irq).spuriousDisabled(), "spurious.c note_interrupt: irqs_unhandled > 99900 of 100000");
        assertTrue(f.lineLevel(), "INTx still asserted");
    }

    @Test
    @DisplayName("quirk_broken_intx_masking (drivers/pci/quirks.c): the same broken function as Realtek RTL8169 "
            + "10ec:8169 is masked at the irq chip, exclusively, and every event is forwarded: no \"nobody cared\"")
    void quirkBrokenIntxMasking() {
        PciIntxDevice f = function("f0", "broken", 0x10ec, 0x8169);
        VfioPciDevice d = vfio(f, false);
        assertFalse(d.pci23(), "pci_intx_mask_supported: !dev->broken_intx_masking, set by the final fixup");
        EventFd trigger = harness.sim().eventFd("trigger");
        EventFd unmask = harness.sim().eventFd("unmask");
        wireExclusive(d, trigger, unmask);
        for (int event = 1; event <= 3; event++) {
            f.dataArrives();
            settle();
            assertEquals(event, trigger.count(), "vfio_intx_handler signals each event");
            assertEquals(1, host.describe(irq).depth(), "disable_irq_nosync: masked at the irq chip");
            f.registers().write(PciIntxDevice.ACK, 1);
            unmask.signal();
            settle();
            assertEquals(0, host.describe(irq).depth(), "enable_irq after the user's unmask");
        }
        assertEquals(0, host.describe(irq).irqsUnhandled(), "each interrupt was claimed");
        assertTrue(PciCore.quirkBrokenIntxMasking(0x1425, 0x0030), "Chelsio");
        assertTrue(PciCore.quirkBrokenIntxMasking(0x8086, 0x158b), "i40e");
        assertFalse(PciCore.quirkBrokenIntxMasking(0x8086, 0x1563), "X550 is only vfio_pci_nointx's");
        assertFalse(PciCore.quirkBrokenIntxMasking(0x10ec, 0x8168), "another Realtek id");
    }

    @Test
    @DisplayName("vfio_pci_nointx (vfio_pci_core.c): an Intel X550 8086:1563 whose Interrupt Status never sets has "
            + "its INTx hidden: count 0, SET_IRQS refused, Interrupt Disable kept set, no host irq requested")
    void nointx() {
        PciIntxDevice f = function("f0", "no-status", 0x8086, 0x1563);
        VfioPciDevice d = vfio(f, false);
        assertTrue(d.nointx());
        assertFalse(d.pci23());
        assertTrue(f.intxDisabled(), "vfio_pci_core_enable: pci_intx(pdev, 0)");
        assertEquals(0, d.irqInfo(Vfio.PCI_INTX_IRQ_INDEX).count(), "vfio_config_init cleared the virtual pin");
        assertEquals(-Errno.EINVAL, wire(d, Vfio.IRQ_SET_ACTION_TRIGGER, harness.sim().eventFd("t")),
                "vfio_set_irqs_validate_and_prepare: start 0 >= count 0");
        f.dataArrives();
        settle();
        assertFalse(f.lineLevel(), "Interrupt Disable gates INTx: the host line stays quiet");
        assertEquals(0, host.requestIrq(irq, n -> IrqReturn.NONE, EnumSet.noneOf(IrqFlag.class), "other", this),
                "nobody holds the host irq: an exclusive request succeeds");
        // the module option wins: nointxmask skips vfio_pci_nointx, and the function is masked at the irq chip
        VfioPciDevice withOption = vfio(function("f1", "no-status", 0x8086, 0x1572), true);
        assertFalse(withOption.nointx());
        assertEquals(1, withOption.irqInfo(Vfio.PCI_INTX_IRQ_INDEX).count());
        assertTrue(PciCore.vfioNointx(0x8086, 0x37d2) && !PciCore.vfioNointx(0x8086, 0x1582)
                && !PciCore.vfioNointx(0x10ec, 0x1563), "i40e 37d0-37d2, not 1582; Intel only");
    }
}
