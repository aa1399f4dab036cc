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
 * cloud-hypervisor on arm64, main of 2026-08: devices/src/gic.rs ({@code Gic::new}, {@code enable},
 * {@code notifier}), vmm/src/interrupt.rs ({@code MsiInterruptGroup::update}, {@code InterruptRoute::enable}),
 * pci/src/vfio.rs ({@code enable_intx}, {@code read_bar}), arch/src/aarch64/fdt.rs ({@code create_pci_nodes}),
 * vmm/src/pci_segment.rs ({@code _PRT}).
 */
class ChGicTest {

    static final int SPI = 8;
    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());

    private Vmm vmm(String boot, boolean trapBars) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(ChConfig.schema()).values());
        values.put(ChConfig.BOOT, boot);
        values.put(ChConfig.TRAP_BARS, trapBars);
        Vmm vmm = PluginBindings.factory(new ChPlugin(), VmmFactory.class, ChPlugin.NAME).create(new VmmContext(
                harness.sim(), "cloud-hypervisor", kvm, 0, Config.of(values)));
        vmm.createVm(new Machine(1, "vgic-v3", new ToyVirtualControllerFactory(64, Style.VGIC_LIKE, false),
                Config.of(Map.of())));
        return vmm;
    }

    private static AssignedDevice device(ToyForwarder vfio) {
        return new AssignedDevice("nic", new ToyDevice("nic"), "vfio.nic", vfio, Forwarding.IRQFD, new ToyPic(),
                List.of(new AssignedDevice.AssignedIrq(40, SPI, Trigger.LEVEL_HIGH)));
    }

    @Test
    @DisplayName("Gic::enable: the in-kernel GICv3, then a plain irqfd (no resamplefd) on each of the 32 legacy "
            + "interrupts, before any device")
    void legacyIrqfds() {
        vmm("firmware", false);
        List<String> log = kvm.log().stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
        assertEquals("KVM_CREATE_VM vm0 vcpus 1 irqchip vgic-v3", log.get(0));
        List<String> irqfds = log.stream().filter(l -> l.startsWith("KVM_IRQFD")).toList();
        assertEquals(ChGic.LEGACY_IRQS, irqfds.size(), log.toString());
        assertEquals("KVM_IRQFD cloud-hypervisor.gic.irqfd8 gsi 8 = 0", irqfds.get(SPI));
        assertTrue(irqfds.stream().noneMatch(l -> l.contains("resample")), irqfds.toString());
    }

    @Test
    @DisplayName("enable_intx on arm64 as on x86: VFIO's INTx trigger is the legacy interrupt's irqfd, no MASK, no "
            + "unmask eventfd; a trapped BAR access unmasks")
    void intxOnTheLegacyIrqfd() {
        ToyForwarder vfio = ToyForwarder.pciIntx();
        var view = vmm("firmware", true).assign(device(vfio));
        assertEquals(List.of("SET_IRQS TRIGGER index 0 cloud-hypervisor.gic.irqfd8"), vfio.log());
        assertNull(vfio.unmask(0));
        view.registers().read(0);
        assertEquals(List.of("SET_IRQS TRIGGER index 0 cloud-hypervisor.gic.irqfd8", "SET_IRQS UNMASK index 0"),
                vfio.log());
    }

    @Test
    @DisplayName("a directly booted guest reads the device tree, whose PCI host bridge has an empty interrupt-map: "
            + "no INTx route, refused with the source")
    void directKernelBootHasNoIntxRoute() {
        VmmException e = assertThrows(VmmException.class, () -> vmm("kernel", false).assign(
                device(ToyForwarder.pciIntx())));
        assertTrue(e.getMessage().contains("empty interrupt-map") && e.getMessage().contains("create_pci_nodes")
                && e.getMessage().contains("vmm.boot: firmware"), e.getMessage());
    }

    @Test
    @DisplayName("a legacy interrupt past the 32 of IRQ_LEGACY_COUNT has no irqfd")
    void beyondTheLegacyInterrupts() {
        AssignedDevice far = new AssignedDevice("nic", new ToyDevice("nic"), "vfio.nic", ToyForwarder.pciIntx(),
                Forwarding.IRQFD, new ToyPic(), List.of(new AssignedDevice.AssignedIrq(40, 32, Trigger.LEVEL_HIGH)));
        VmmException e = assertThrows(VmmException.class, () -> vmm("firmware", false).assign(far));
        assertTrue(e.getMessage().contains("legacy GIC interrupt"), e.getMessage());
    }
}
