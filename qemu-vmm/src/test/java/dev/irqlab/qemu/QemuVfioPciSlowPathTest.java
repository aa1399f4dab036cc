package dev.irqlab.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyDevice;
import dev.irqlab.tck.doubles.ToyForwarder;
import dev.irqlab.tck.doubles.ToyPic;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * QEMU's vfio-pci INTx through its main loop (hw/vfio/pci.c, QEMU 10.x): {@code vfio_intx_enable}
 * with {@code x-no-kvm-intx=on} or a failed {@code vfio_intx_enable_kvm}, {@code vfio_intx_interrupt},
 * {@code vfio_pci_intx_eoi} after a trapped BAR access (hw/vfio/region.c), {@code vfio_intx_mmap_enable};
 * the PCI bus's INTx line (hw/pci/pci.c {@code pci_bus_change_irq_level}).
 */
class QemuVfioPciSlowPathTest {

    static final int GSI = 16;
    static final long HANDLER_NS = 10_000; // eventfd-handler-latency's default
    static final long MMAP_TIMEOUT_NS = 1_100_000_000L; // x-intx-mmap-timeout-ms default
    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());
    private final ToyForwarder vfio = ToyForwarder.pciIntx();
    private final ToyDevice nic = new ToyDevice("nic");

    private Device assign(Map<String, Object> settings, String irqchip) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(QemuConfig.schema()).values());
        values.putAll(settings);
        Vmm vmm = QemuVmmTest.factory().create(new VmmContext(harness.sim(), "qemu", kvm, 0, Config.of(values)));
        vmm.createVm(new Machine(1, irqchip, new ToyVirtualControllerFactory(64, Style.IOAPIC_LIKE, false),
                Config.of(Map.of())));
        return vmm.assign(new AssignedDevice("nic", nic, "vfio.nic", vfio, Forwarding.IRQFD_RESAMPLE, new ToyPic(),
                List.of(new AssignedDevice.AssignedIrq(GSI, GSI, Trigger.LEVEL_LOW))));
    }

    private Device noKvmIntx() {
        return assign(Map.of(QemuConfig.KVM_INTX, false), "toy-vic");
    }

    /** The KVM calls and exits since {@code from}, without their time stamps. */
    private List<String> kvmSince(int from) {
        List<String> log = kvm.log();
        return log.subList(from, log.size()).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    }

    private List<String> setIrqsSince(int from) {
        return vfio.log().subList(from, vfio.log().size());
    }

    /** The trigger fires and QEMU's main loop has run its handler. */
    private void intx() {
        vfio.trigger(0).signal();
        harness.runFor(HANDLER_NS);
    }

    @Test
    @DisplayName("vfio_intx_enable with x-no-kvm-intx: VFIO_IRQ_SET_ACTION_TRIGGER only (no MASK, no irqfd, no "
            + "unmask eventfd); the BARs stay mapped until an interrupt")
    void enableWithoutKvm() {
        int k = kvm.log().size();
        Device guest = noKvmIntx();
        assertEquals(List.of("SET_IRQS TRIGGER index 0 vfio.nic.trigger"), vfio.log());
        assertTrue(kvmSince(k).stream().noneMatch(l -> l.contains("KVM_IRQFD")), kvmSince(k).toString());
        int n = kvm.log().size();
        guest.registers().read(0);
        assertEquals(List.of(), kvmSince(n), "a mapped BAR access does not exit");
    }

    @Test
    @DisplayName("vfio_intx_interrupt: after the main loop's latency, pci_irq_assert raises the GSI with "
            + "KVM_IRQ_LINE and the BARs trap")
    void interruptAssertsAndTraps() {
        Device guest = noKvmIntx();
        int k = kvm.log().size();
        vfio.trigger(0).signal();
        harness.runFor(HANDLER_NS - 1);
        assertEquals(List.of(), kvmSince(k), "QEMU's main loop has not run yet");
        harness.runFor(1);
        assertEquals(List.of("KVM_IRQ_LINE gsi 16 1"), kvmSince(k));
        int n = kvm.log().size();
        guest.registers().read(0);
        assertEquals("exit to VMM mmio vfio.nic region read 0x0 (slow path) +8000ns", kvmSince(n).get(0));
    }

    @Test
    @DisplayName("vfio_pci_intx_eoi: the first trapped access after the interrupt de-asserts and unmasks at VFIO; "
            + "later accesses trap but do nothing more while nothing is pending")
    void firstAccessIsTheEoi() {
        Device guest = noKvmIntx();
        intx();
        int k = kvm.log().size();
        int v = vfio.log().size();
        guest.registers().read(0);
        assertEquals(List.of("exit to VMM mmio vfio.nic region read 0x0 (slow path) +8000ns",
                "KVM_IRQ_LINE gsi 16 0"), kvmSince(k));
        assertEquals(List.of("SET_IRQS UNMASK index 0"), setIrqsSince(v));
        assertEquals(List.of("read 0"), nic.accesses(), "the access reaches the function before the EOI");
        k = kvm.log().size();
        v = vfio.log().size();
        guest.registers().write(0, 1);
        assertEquals(List.of("exit to VMM mmio vfio.nic region write 0x0 (slow path) +8000ns"), kvmSince(k));
        assertEquals(List.of(), setIrqsSince(v));
    }

    @Test
    @DisplayName("vfio_intx_interrupt: nothing when event_notifier_test_and_clear reads nothing; two signals "
            + "before the main loop runs are one interrupt")
    void coalescedSignals() {
        noKvmIntx();
        int k = kvm.log().size();
        vfio.trigger(0).signal();
        vfio.trigger(0).signal();
        harness.runFor(HANDLER_NS);
        assertEquals(List.of("KVM_IRQ_LINE gsi 16 1"), kvmSince(k));
        assertEquals(1, harness.trace().messages("qemu.vfio_intx_interrupt").size());
    }

    @Test
    @DisplayName("vfio_intx_mmap_enable: x-intx-mmap-timeout-ms (1100 ms) after the interrupt the BARs are mapped "
            + "again if the INTx was EOI'd; while it is still pending the timer is re-armed")
    void mmapTimer() {
        Device guest = noKvmIntx();
        intx();
        harness.runFor(MMAP_TIMEOUT_NS); // expires with the INTx still pending: re-armed
        int k = kvm.log().size();
        guest.registers().read(0); // the EOI
        assertEquals(2, kvmSince(k).size(), kvmSince(k).toString());
        harness.runFor(MMAP_TIMEOUT_NS); // the re-armed timer: nothing pending, mapped again
        k = kvm.log().size();
        guest.registers().read(0);
        assertEquals(List.of(), kvmSince(k), "mapped again: no exit");
    }

    @Test
    @DisplayName("x-intx-mmap-timeout-ms=0: the BARs stay trapped after the first interrupt")
    void noMmapTimer() {
        Device guest = assign(Map.of(QemuConfig.KVM_INTX, false, QemuConfig.INTX_MMAP_TIMEOUT, 0L), "toy-vic");
        intx();
        guest.registers().read(0);
        harness.runFor(10 * MMAP_TIMEOUT_NS);
        int k = kvm.log().size();
        guest.registers().read(0);
        assertEquals(1, kvmSince(k).size(), kvmSince(k).toString());
    }

    @Test
    @DisplayName("vfio_intx_enable_kvm: a failed KVM_IRQFD puts vfio_intx_interrupt back and unmasks; INTx goes "
            + "through QEMU, with a warning")
    void fallbackWhenIrqfdFails() {
        kvm.answerIrqfd(-Errno.EINVAL);
        Device guest = assign(Map.of(), "toy-vic");
        assertEquals(List.of("SET_IRQS TRIGGER index 0 vfio.nic.trigger", "SET_IRQS MASK index 0",
                "SET_IRQS UNMASK index 0"), vfio.log());
        assertEquals(1, harness.trace().messages("qemu.vfio_intx_enable_kvm_failed").size());
        int k = kvm.log().size();
        intx();
        assertEquals(List.of("KVM_IRQ_LINE gsi 16 1"), kvmSince(k));
        k = kvm.log().size();
        guest.registers().read(0);
        assertEquals("KVM_IRQ_LINE gsi 16 0", kvmSince(k).get(1));
    }

    @Test
    @DisplayName("with the irqfd in place QEMU's handler is gone (qemu_set_fd_handler NULL): a signal raises no line")
    void kvmPathHasNoHandler() {
        assign(Map.of(), "toy-vic");
        int k = kvm.log().size();
        vfio.trigger(0).signal();
        harness.runFor(HANDLER_NS);
        assertTrue(kvmSince(k).stream().noneMatch(l -> l.startsWith("KVM_IRQ_LINE")), kvmSince(k).toString());
    }

    @Test
    @DisplayName("qemu_set_fd_handler(fd, NULL): a handler removed before the main loop ran it does not run")
    void removedHandlerDoesNotRun() {
        List<String> ran = new ArrayList<>();
        var fd = harness.sim().eventFd("fd");
        var registration = MainLoopFdHandler.set(harness.sim(), fd, HANDLER_NS, "handler", () -> ran.add("ran"));
        fd.signal();
        registration.remove();
        harness.runFor(HANDLER_NS);
        assertEquals(List.of(), ran);
        assertEquals(1, fd.count(), "the signal stays in the eventfd for its next reader");
    }

    @Test
    @DisplayName("kernel-irqchip=split: pci_irq_assert goes to QEMU's IO-APIC (ioapic_set_irq), which sets irr "
            + "and services the pin on its MSI route")
    void splitGoesThroughQemuIoApic() {
        Device guest = assign(Map.of(QemuConfig.KVM_INTX, false, QemuConfig.KERNEL_IRQCHIP, "split"), "kvm-ioapic");
        QemuIoApic ioapic = (QemuIoApic) kvm.specs().get(0).userspaceIoApic();
        ioapic.mmioWrite(QemuIoApic.IOREGSEL, 0x10 + 2 * GSI);
        ioapic.mmioWrite(QemuIoApic.IOWIN, 0x41 | (1 << 15)); // vector 0x41, level, unmasked
        int k = kvm.log().size();
        intx();
        assertTrue(ioapic.irr(GSI));
        assertTrue((ioapic.entry(GSI) & QemuIoApic.REMOTE_IRR) != 0, "ioapic_service sets Remote IRR");
        assertEquals(List.of("KVM_IRQ_LINE gsi 16 1"), kvmSince(k), "the pin's MSI route (kvm_set_irq)");
        guest.registers().read(0); // vfio_pci_intx_eoi: pci_irq_deassert -> ioapic_set_irq(0)
        assertFalse(ioapic.irr(GSI));
    }

    @Test
    @DisplayName("pci_bus_change_irq_level: the board hears every change of a line's irq_count, high while any "
            + "device holds it")
    void busLineIsWiredOr() {
        List<String> board = new ArrayList<>();
        PciIntxLines lines = new PciIntxLines((gsi, level) -> board.add(gsi + "=" + (level ? 1 : 0)));
        lines.change(16, 1);
        lines.change(16, 1);
        lines.change(16, -1);
        lines.change(16, -1);
        assertEquals(List.of("16=1", "16=1", "16=1", "16=0"), board);
    }
}
