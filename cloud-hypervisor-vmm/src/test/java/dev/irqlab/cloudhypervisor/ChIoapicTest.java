package dev.irqlab.cloudhypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyDevice;
import dev.irqlab.tck.doubles.ToyForwarder;
import dev.irqlab.tck.doubles.ToyPic;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * cloud-hypervisor main of 2026-08: devices/src/ioapic.rs ({@code ioapic_write}, {@code update_entry},
 * {@code end_of_interrupt}), vmm/src/interrupt.rs ({@code MsiInterruptGroup::update},
 * {@code InterruptRoute}), pci/src/vfio.rs ({@code enable_intx}, {@code read_bar}, {@code write_bar}).
 */
class ChIoapicTest {

    static final int PIN = 16;
    static final int VECTOR = 0x41;
    static final int LEVEL = 1 << 15;
    static final int MASKED = 1 << 16;
    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());

    /** The role factory as the runtime gets it from the plugin's module. */
    private static VmmFactory vmms() {
        return PluginBindings.factory(new ChPlugin(), VmmFactory.class, ChPlugin.NAME);
    }

    private Vmm vmm(boolean trapBars) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(ChConfig.schema()).values());
        values.put(ChConfig.TRAP_BARS, trapBars);
        Vmm vmm = vmms().create(new VmmContext(harness.sim(), "cloud-hypervisor", kvm, 0,
                Config.of(values)));
        vmm.createVm(new Machine(1, "kvm-ioapic", new ToyVirtualControllerFactory(24, Style.IOAPIC_LIKE, false),
                Config.of(Map.of())));
        return vmm;
    }

    private ChIoapic ioapic() {
        return (ChIoapic) kvm.specs().get(0).userspaceIoApic();
    }

    private static void writeLow(ChIoapic a, int pin, int low) {
        a.mmioWrite(ChIoapic.IOREGSEL, 0x10 + 2 * pin);
        a.mmioWrite(ChIoapic.IOWIN, low);
    }

    private List<String> logSince(int from) {
        List<String> log = kvm.log();
        return log.subList(from, log.size()).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
    }

    private static AssignedDevice device(ToyForwarder vfio, Forwarding forwarding) {
        return new AssignedDevice("nic", new ToyDevice("nic"), "vfio.nic", vfio, forwarding, new ToyPic(),
                List.of(new AssignedDevice.AssignedIrq(16, PIN, Trigger.LEVEL_LOW)));
    }

    @Test
    @DisplayName("update: a masked entry without a GSI changes nothing; the first unmask allocates GSI 24 (the "
            + "allocator starts after the 24 IO-APIC irqs), sets the route, then registers the pin's irqfd")
    void firstUnmaskAllocatesAboveThePins() {
        vmm(false);
        ChIoapic a = ioapic();
        int n = kvm.log().size();
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        assertEquals(List.of(), logSince(n));
        writeLow(a, PIN, VECTOR | LEVEL);
        assertEquals(List.of("KVM_SET_GSI_ROUTING gsi 24 msi 0xfee00008 0x8041",
                "KVM_IRQFD cloud-hypervisor.ioapic.irqfd16 gsi 24 = 0"), logSince(n));
        assertEquals(24, a.gsi(PIN));
    }

    @Test
    @DisplayName("update: masking unregisters the irqfd (KVM_IRQFD deassign, #3827); a signal meanwhile stays "
            + "in the eventfd; unmasking registers it again")
    void maskUnregistersIrqfd() {
        vmm(false);
        ChIoapic a = ioapic();
        writeLow(a, PIN, VECTOR | LEVEL);
        int n = kvm.log().size();
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        assertEquals(List.of("KVM_IRQFD deassign cloud-hypervisor.ioapic.irqfd16 gsi 24"), logSince(n));
        a.notifier(PIN).signal();
        assertTrue(a.irr(PIN), "the signal waits in the eventfd");
        n = kvm.log().size();
        writeLow(a, PIN, VECTOR | LEVEL);
        assertEquals(List.of("KVM_SET_GSI_ROUTING gsi 24 msi 0xfee00008 0x8041",
                "KVM_IRQFD cloud-hypervisor.ioapic.irqfd16 gsi 24 = 0"), logSince(n));
    }

    @Test
    @DisplayName("end_of_interrupt only clears Remote IRR of the vector's level entries; service_irq triggers "
            + "and sets Remote IRR whatever the mask says")
    void eoiClearsRemoteIrrOnly() {
        vmm(false);
        ChIoapic a = ioapic();
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        a.serviceIrq(PIN);
        assertEquals(1, a.notifier(PIN).count(), "triggered although masked");
        assertTrue((a.entry(PIN) & ChIoapic.REMOTE_IRR) != 0);
        a.eoi(VECTOR + 1);
        assertTrue((a.entry(PIN) & ChIoapic.REMOTE_IRR) != 0);
        a.eoi(VECTOR);
        assertEquals(0, a.entry(PIN) & ChIoapic.REMOTE_IRR);
        assertEquals(1, a.notifier(PIN).count(), "no resample, no re-service");
    }

    @Test
    @DisplayName("the version register reads 0x00170011; a low-dword write keeps delivery status and Remote IRR")
    void registers() {
        vmm(false);
        ChIoapic a = ioapic();
        a.mmioWrite(ChIoapic.IOREGSEL, ChIoapic.REG_VERSION);
        assertEquals(0x0017_0011, a.mmioRead(ChIoapic.IOWIN));
        writeLow(a, PIN, VECTOR | LEVEL | MASKED);
        a.serviceIrq(PIN);
        writeLow(a, PIN, 0x42 | LEVEL | MASKED);
        assertTrue((a.entry(PIN) & ChIoapic.REMOTE_IRR) != 0, "read-only");
    }

    @Test
    @DisplayName("enable_intx: VFIO's INTx trigger is the IO-APIC pin's irqfd; no MASK, no unmask eventfd, no "
            + "resamplefd; irqfd-resample and vfio-platform are refused")
    void intxWiring() {
        Vmm vmm = vmm(false);
        ToyForwarder vfio = ToyForwarder.pciIntx();
        vmm.assign(device(vfio, Forwarding.IRQFD));
        assertEquals(List.of("SET_IRQS TRIGGER index 0 cloud-hypervisor.ioapic.irqfd16"), vfio.log());
        assertNull(vfio.unmask(0));
        VmmException r = assertThrows(VmmException.class, () -> vmm(false).assign(device(ToyForwarder.pciIntx(),
                Forwarding.IRQFD_RESAMPLE)));
        assertTrue(r.getMessage().contains("no resamplefd"), r.getMessage());
        VmmException p = assertThrows(VmmException.class, () -> vmm(false).assign(device(
                new ToyForwarder(ToyForwarder.LEVEL), Forwarding.IRQFD)));
        assertTrue(p.getMessage().contains("PCI functions only"), p.getMessage());
    }

    @Test
    @DisplayName("read_bar/write_bar: with trapped BARs every access exits to cloud-hypervisor and is followed by "
            + "VFIO_IRQ_SET_ACTION_UNMASK; mmap'd BARs (the default) reach the device directly, no unmask")
    void barAccessUnmasks() {
        ToyForwarder mapped = ToyForwarder.pciIntx();
        vmm(false).assign(device(mapped, Forwarding.IRQFD)).registers().read(0);
        assertEquals(1, mapped.log().size(), mapped.log().toString());
        ToyForwarder trapped = ToyForwarder.pciIntx();
        int n = kvm.log().size();
        var view = vmm(true).assign(device(trapped, Forwarding.IRQFD));
        view.registers().read(0);
        view.registers().write(4, 1);
        assertEquals(List.of("SET_IRQS TRIGGER index 0 cloud-hypervisor.ioapic.irqfd16", "SET_IRQS UNMASK index 0",
                "SET_IRQS UNMASK index 0"), trapped.log());
        assertEquals(2, logSince(n).stream().filter(l -> l.startsWith("exit to VMM mmio")).count(), logSince(n).toString());
    }

    @Test
    @DisplayName("cloud-hypervisor creates the split irqchip on x86 and a GICv3 on arm64, never a GICv2 "
            + "(hypervisor/src/kvm/aarch64/gic: KVM_DEV_TYPE_ARM_VGIC_V3 only)")
    void noGicV2() {
        Vmm vmm = vmms().create(new VmmContext(harness.sim(), "cloud-hypervisor", kvm, 0,
                Config.defaults(ChConfig.schema())));
        VmmException e = assertThrows(VmmException.class, () -> vmm.createVm(new Machine(1, "vgic-v2",
                new ToyVirtualControllerFactory(64, Style.VGIC_LIKE, false), Config.of(Map.of()))));
        assertTrue(e.getMessage().contains("KVM_DEV_TYPE_ARM_VGIC_V3") && e.getMessage().contains("'vgic-v2'"),
                e.getMessage());
    }
}
