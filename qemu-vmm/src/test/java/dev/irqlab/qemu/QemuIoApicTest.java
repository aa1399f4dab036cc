package dev.irqlab.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** QEMU's user-space IO-APIC with kernel-irqchip=split: hw/intc/ioapic.c, accel/kvm/kvm-all.c (QEMU 10.x). */
class QemuIoApicTest {

    static final int PIN = 16;
    static final int VECTOR = 0x41;
    static final int LEVEL = 1 << 15;
    static final int MASKED = 1 << 16;
    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());
    private final KvmAccel accel = new KvmAccel(true);
    private final QemuIoApic ioapic = new QemuIoApic(harness.sim(), "qemu.ioapic", 0x20, 5_000, accel);
    private final RecordingHypervisor.RecordingVm vm = (RecordingHypervisor.RecordingVm) kvm.createVm(new VmSpec(
            "vm0", 1, "kvm-ioapic", new ToyVirtualControllerFactory(24, Style.IOAPIC_LIKE, false),
            Config.of(Map.of()), ioapic));

    QemuIoApicTest() {
        ioapic.realize(vm);
    }

    private void writeLow(int pin, int low) {
        ioapic.mmioWrite(QemuIoApic.IOREGSEL, 0x10 + 2 * pin);
        ioapic.mmioWrite(QemuIoApic.IOWIN, low);
    }

    private List<String> logSince(int from) {
        List<String> log = kvm.log();
        return log.subList(from, log.size()).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    }

    @Test
    @DisplayName("kvm_arch_init_irq_routing reserves an MSI route (address, data 0) for each of the 24 pins")
    void realizeReservesRoutes() {
        List<String> log = logSince(0);
        assertEquals(25, log.size());
        assertEquals("KVM_SET_GSI_ROUTING gsi 0 msi 0x0 0x0", log.get(1));
        assertEquals("KVM_SET_GSI_ROUTING gsi 23 msi 0x0 0x0", log.get(24));
    }

    @Test
    @DisplayName("ioapic_update_kvm_routes: an unmasked entry becomes an MSI route (ioapic_entry_parse); masking "
            + "it leaves the old route in KVM")
    void maskedEntryKeepsRoute() {
        int n = kvm.log().size();
        writeLow(PIN, VECTOR | LEVEL);
        assertTrue(logSince(n).contains("KVM_SET_GSI_ROUTING gsi 16 msi 0xfee00000 0x8041"), logSince(n).toString());
        n = kvm.log().size();
        writeLow(PIN, VECTOR | LEVEL | MASKED);
        assertTrue(logSince(n).stream().noneMatch(s -> s.startsWith("KVM_SET_GSI_ROUTING gsi 16 ")), logSince(n).toString());
    }

    @Test
    @DisplayName("ioapic_eoi_broadcast calls kvm_resample_fd_notify for a level entry of the vector before and "
            + "regardless of its mask bit and Remote IRR (no counterpart of Linux 6.3's resample-on-unmask)")
    void eoiResamplesMaskedPin() {
        EventFd trigger = harness.sim().eventFd("trigger");
        EventFd unmask = harness.sim().eventFd("unmask");
        int n = kvm.log().size();
        assertEquals(0, accel.addIrqfdNotifierGsi(vm, trigger, unmask, PIN));
        assertEquals(List.of("KVM_IRQFD trigger gsi 16 = 0"), logSince(n), "split: a plain irqfd, no KVM resample");
        writeLow(PIN, VECTOR | LEVEL | MASKED);
        ioapic.eoi(VECTOR);
        assertEquals(1, unmask.count());
        ioapic.eoi(VECTOR + 1);
        assertEquals(1, unmask.count(), "another vector: no resample");
    }

    @Test
    @DisplayName("kernel-irqchip=on: kvm_irqchip_assign_irqfd passes the resamplefd to KVM_IRQFD")
    void onModeUsesKvmResample() {
        KvmAccel on = new KvmAccel(false);
        EventFd trigger = harness.sim().eventFd("t2");
        EventFd unmask = harness.sim().eventFd("u2");
        int n = kvm.log().size();
        on.addIrqfdNotifierGsi(vm, trigger, unmask, PIN);
        assertEquals(List.of("KVM_IRQFD t2 gsi 16 resample u2 = 0"), logSince(n));
    }

    @Test
    @DisplayName("ioapic_set_irq + ioapic_service: a level pin sets Remote IRR and raises its GSI once; the EOI "
            + "clears Remote IRR and re-services the still-high line")
    void levelServiceAndEoi() {
        writeLow(5, VECTOR | LEVEL);
        int n = kvm.log().size();
        ioapic.setIrq(5, true);
        assertEquals(List.of("KVM_IRQ_LINE gsi 5 1"), logSince(n));
        assertTrue((ioapic.entry(5) & QemuIoApic.REMOTE_IRR) != 0);
        ioapic.setIrq(5, true);
        assertEquals(1, logSince(n).size(), "Remote IRR set: no new delivery");
        ioapic.eoi(VECTOR);
        assertEquals(List.of("KVM_IRQ_LINE gsi 5 1", "KVM_IRQ_LINE gsi 5 1"), logSince(n));
        assertTrue((ioapic.entry(5) & QemuIoApic.REMOTE_IRR) != 0, "re-serviced: set again");
    }

    @Test
    @DisplayName("an unmask write services a pending level pin (ioapic_mem_write -> ioapic_service), it does not resample")
    void unmaskServices() {
        writeLow(5, VECTOR | LEVEL | MASKED);
        ioapic.setIrq(5, true);
        int n = kvm.log().size();
        writeLow(5, VECTOR | LEVEL);
        assertTrue(logSince(n).contains("KVM_IRQ_LINE gsi 5 1"), logSince(n).toString());
    }

    @Test
    @DisplayName("the EOI register (0x40) broadcasts with version 0x20 only")
    void eoiRegister() {
        EventFd unmask = harness.sim().eventFd("u3");
        accel.addIrqfdNotifierGsi(vm, harness.sim().eventFd("t3"), unmask, PIN);
        writeLow(PIN, VECTOR | LEVEL);
        ioapic.mmioWrite(QemuIoApic.IOEOI, VECTOR);
        assertEquals(1, unmask.count());
        QemuIoApic old = new QemuIoApic(harness.sim(), "qemu.ioapic", 0x11, 5_000, accel);
        old.realize(vm);
        old.mmioWrite(QemuIoApic.IOREGSEL, 0x10 + 2 * PIN);
        old.mmioWrite(QemuIoApic.IOWIN, VECTOR | LEVEL);
        old.mmioWrite(QemuIoApic.IOEOI, VECTOR);
        assertEquals(1, unmask.count());
        assertEquals(0x11 | (23 << 16), readVersion(old));
    }

    private static int readVersion(QemuIoApic a) {
        a.mmioWrite(QemuIoApic.IOREGSEL, 1);
        return a.mmioRead(QemuIoApic.IOWIN);
    }

    @Test
    @DisplayName("kernel-irqchip=split builds the VM with QEMU's IO-APIC; on a non-x86 machine it is refused")
    void vmmOption() {
        Map<String, Object> values = new TreeMap<>(Config.defaults(QemuConfig.schema()).values());
        values.put(QemuConfig.KERNEL_IRQCHIP, "split");
        RecordingHypervisor hv = new RecordingHypervisor(harness.sim());
        Vmm vmm = QemuVmmTest.factory().create(new VmmContext(harness.sim(), "qemu", hv, 0, Config.of(values)));
        vmm.createVm(new Machine(1, "kvm-ioapic", new ToyVirtualControllerFactory(24, Style.IOAPIC_LIKE, false),
                Config.of(Map.of())));
        assertNotNull(hv.specs().get(0).userspaceIoApic());
        assertEquals("qemu.ioapic", hv.specs().get(0).userspaceIoApic().name());
        dev.irqlab.api.vmm.AssignedDevice platform = new dev.irqlab.api.vmm.AssignedDevice("pad",
                new dev.irqlab.tck.doubles.ToyDevice("pad"), "vfio.pad",
                new dev.irqlab.tck.doubles.ToyForwarder(dev.irqlab.tck.doubles.ToyForwarder.LEVEL),
                dev.irqlab.api.vmm.Forwarding.IRQFD_RESAMPLE, new dev.irqlab.tck.doubles.ToyPic(),
                List.of(new dev.irqlab.api.vmm.AssignedDevice.AssignedIrq(16, 16, dev.irqlab.api.irq.Trigger.LEVEL_HIGH)));
        VmmException p = assertThrows(VmmException.class, () -> vmm.assign(platform));
        assertTrue(p.getMessage().contains("'pad'") && p.getMessage().contains("kernel-irqchip=split"), p.getMessage());
        Vmm arm = QemuVmmTest.factory().create(new VmmContext(harness.sim(), "qemu", hv, 0, Config.of(values)));
        VmmException e = assertThrows(VmmException.class, () -> arm.createVm(new Machine(1, "vgic-v3",
                new ToyVirtualControllerFactory(64, Style.IOAPIC_LIKE, false), Config.of(Map.of()))));
        assertTrue(e.getMessage().contains("x86"), e.getMessage());
    }
}
