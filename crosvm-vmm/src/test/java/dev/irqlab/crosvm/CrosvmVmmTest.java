package dev.irqlab.crosvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * crosvm's VM and device wiring: src/crosvm/sys/linux.rs {@code create_vm}, arch/src/lib.rs
 * {@code generate_pci_root}, devices/src/pci/vfio_pci.rs {@code enable_intx}.
 */
class CrosvmVmmTest {

    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());

    private Vmm vmm(String irqchip, String machine) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(CrosvmConfig.schema()).values());
        values.put(CrosvmConfig.IRQCHIP, irqchip);
        Vmm vmm = PluginBindings.factory(new CrosvmPlugin(), VmmFactory.class, CrosvmPlugin.NAME).create(new VmmContext(harness.sim(), "crosvm", kvm, 0, Config.of(values)));
        vmm.createVm(new Machine(1, machine, new ToyVirtualControllerFactory(64, Style.IOAPIC_LIKE, false),
                Config.of(Map.of())));
        return vmm;
    }

    private static AssignedDevice device(ToyForwarder vfio, Forwarding forwarding) {
        return new AssignedDevice("nic", new ToyDevice("nic"), "vfio.nic", vfio, forwarding, new ToyPic(),
                List.of(new AssignedDevice.AssignedIrq(16, 16, Trigger.LEVEL_LOW)));
    }

    private List<String> irqfds() {
        return kvm.log().stream().filter(l -> l.contains("KVM_IRQFD")).toList();
    }

    @Test
    @DisplayName("vfio-pci INTx, kernel irqchip: enable_intx (TRIGGER, MASK, UNMASK eventfd, UNMASK), then "
            + "register_level_irq_event's KVM_IRQFD with resamplefd")
    void pciIntxKernelIrqchip() {
        ToyForwarder vfio = ToyForwarder.pciIntx();
        Vmm vmm = vmm("kernel", "kvm-ioapic");
        int n = kvm.log().size();
        vmm.assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        assertEquals(List.of("SET_IRQS TRIGGER index 0 vfio.nic.trigger", "SET_IRQS MASK index 0",
                "SET_IRQS UNMASK index 0 vfio.nic.unmask", "SET_IRQS UNMASK index 0"), vfio.log());
        assertEquals(n + 1, kvm.log().size(), "the irqfd after VFIO's set-up");
        assertTrue(kvm.log().get(n).endsWith("KVM_IRQFD vfio.nic.trigger gsi 16 resample vfio.nic.unmask = 0"),
                kvm.log().get(n));
        assertNull(kvm.specs().get(0).userspaceIoApic());
    }

    @Test
    @DisplayName("vfio-pci INTx, split irqchip: the same VFIO set-up, no KVM_IRQFD for INTx (crosvm keeps the "
            + "event below the 24 pins); the VM has crosvm's IO-APIC")
    void pciIntxSplitIrqchip() {
        ToyForwarder vfio = ToyForwarder.pciIntx();
        Vmm vmm = vmm("split", "kvm-ioapic");
        vmm.assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        assertEquals(4, vfio.log().size(), vfio.log().toString());
        assertEquals(List.of(), irqfds());
        assertNotNull(kvm.specs().get(0).userspaceIoApic());
        assertEquals("crosvm.ioapic", kvm.specs().get(0).userspaceIoApic().name());
    }

    @Test
    @DisplayName("refused: split on a non-x86 machine, vfio-platform with the split irqchip, hw-mapped, "
            + "irqfd-resample on an irq VFIO does not automask")
    void refusals() {
        VmmException arm = assertThrows(VmmException.class, () -> vmm("split", "vgic-v3"));
        assertTrue(arm.getMessage().contains("only supported on x86"), arm.getMessage());
        VmmException platform = assertThrows(VmmException.class, () -> vmm("split", "kvm-ioapic")
                .assign(device(new ToyForwarder(ToyForwarder.LEVEL), Forwarding.IRQFD_RESAMPLE)));
        assertTrue(platform.getMessage().startsWith("device 'nic': vfio-platform with crosvm's split irqchip"),
                platform.getMessage());
        VmmException hw = assertThrows(VmmException.class, () -> vmm("kernel", "vgic-v3")
                .assign(device(new ToyForwarder(ToyForwarder.LEVEL), Forwarding.HW_MAPPED)));
        assertTrue(hw.getMessage().contains("irqfds only"), hw.getMessage());
        ToyForwarder edge = new ToyForwarder(ToyForwarder.EDGE);
        VmmException e = assertThrows(VmmException.class, () -> vmm("kernel", "vgic-v3")
                .assign(device(edge, Forwarding.IRQFD_RESAMPLE)));
        assertTrue(e.getMessage().contains("not automasked"), e.getMessage());
        assertEquals(List.of(), edge.log(), "nothing wired");
    }

    @Test
    @DisplayName("vfio-platform, kernel irqchip: an automasked irq gets its resamplefd whatever the forwarding "
            + "says (crosvm has no choice), KVM_IRQFD before VFIO's TRIGGER")
    void platformFollowsAutomask() {
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL);
        Vmm vmm = vmm("kernel", "vgic-v3");
        vmm.assign(device(vfio, Forwarding.IRQFD));
        assertEquals(1, irqfds().size());
        assertTrue(irqfds().get(0).endsWith("KVM_IRQFD vfio.nic.trigger gsi 16 resample vfio.nic.unmask = 0"),
                irqfds().toString());
        assertEquals("SET_IRQS TRIGGER index 0 vfio.nic.trigger", vfio.log().get(0));
    }
}
