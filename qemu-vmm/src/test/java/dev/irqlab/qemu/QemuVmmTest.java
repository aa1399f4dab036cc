package dev.irqlab.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.irqlab.api.Spi;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyForwarder;
import dev.irqlab.tck.doubles.ToyPic;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the "qemu" VMM does beyond the contract: its options, its names, its hw-mapped wiring. */
class QemuVmmTest {

    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());

    private Vmm vmm(Map<String, Object> settings) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(QemuConfig.schema()).values());
        values.putAll(settings);
        Vmm vmm = new QemuVmmFactory().create(new VmmContext(harness.sim(), "qemu", kvm, SimHarness.ms(2),
                Config.of(values)));
        vmm.createVm(new Machine(1, "toy-vic", new ToyVirtualControllerFactory(64, Style.VGIC_LIKE, false),
                Config.of(Map.of())));
        return vmm;
    }

    private static AssignedDevice device(ToyForwarder vfio, Forwarding forwarding) {
        return new AssignedDevice("pad", "vfio.pad", vfio, forwarding, new ToyPic(),
                List.of(new AssignedDevice.AssignedIrq(40, 8, Trigger.LEVEL_HIGH)));
    }

    @Test
    @DisplayName("the plugin binds VmmFactory 'qemu' and declares only that")
    void plugin() {
        QemuPlugin p = new QemuPlugin();
        assertEquals("qemu", p.name());
        assertEquals(Spi.VERSION, p.spiVersion());
        assertEquals(Map.of(Role.VMM, java.util.Set.of("qemu")), p.capabilities().provides());
        assertTrue(p.capabilities().fixes().isEmpty());
        Map<String, VmmFactory> bound = Guice.createInjector(p).getInstance(
                Key.get(new TypeLiteral<Map<String, VmmFactory>>() { }));
        assertTrue(bound.get("qemu") instanceof QemuVmmFactory);
    }

    @Test
    @DisplayName("the VM is named by vm-name (QEMU -name), vm0 by default")
    void vmName() {
        vmm(Map.of());
        vmm(Map.of(QemuConfig.VM_NAME, "guest7"));
        assertEquals("vm0", kvm.specs().get(0).name());
        assertEquals("guest7", kvm.specs().get(1).name());
    }

    @Test
    @DisplayName("force-unmask-at-start: one VFIO_IRQ_SET_ACTION_UNMASK per maskable index when the VM starts")
    void forcedUnmask() {
        Vmm vmm = vmm(Map.of(QemuConfig.FORCE_UNMASK_AT_START, true));
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL);
        vmm.assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        vmm.start(() -> { });
        int wired = vfio.log().size();
        harness.runFor(SimHarness.ms(2) - 1);
        assertEquals(wired, vfio.log().size(), "nothing before the VM starts");
        harness.runFor(1);
        assertEquals("SET_IRQS UNMASK index 0", vfio.log().get(wired));
        assertEquals(wired + 1, vfio.log().size());
    }

    @Test
    @DisplayName("without force-unmask-at-start the start touches no VFIO irq")
    void noForcedUnmask() {
        Vmm vmm = vmm(Map.of());
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL);
        vmm.assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        vmm.start(() -> { });
        int wired = vfio.log().size();
        harness.runFor(SimHarness.ms(3));
        assertEquals(wired, vfio.log().size());
    }

    @Test
    @DisplayName("hw-mapped needs irq_set_vcpu_affinity at the host controller; a refusal names the device and errno")
    void hwMappedRefused() {
        Vmm vmm = vmm(Map.of());
        VmmException e = assertThrows(VmmException.class,
                () -> vmm.assign(device(new ToyForwarder(ToyForwarder.LEVEL), Forwarding.HW_MAPPED)));
        assertTrue(e.getMessage().startsWith("device 'pad': forwarding hw-mapped needs a host controller that can "
                + "leave an interrupt active for a vCPU (GIC in EOImode 1);"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" says EINVAL"), e.getMessage());
        assertEquals(List.of(), kvm.log().stream().filter(l -> l.contains("KVM_IRQFD")).toList());
    }

    @Test
    @DisplayName("the event fds are named after the forwarder: <vfio>.trigger, <vfio>.unmask")
    void fdNames() {
        Vmm vmm = vmm(Map.of());
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL);
        vmm.assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        assertEquals("vfio.pad.trigger", vfio.trigger(0).name());
        assertEquals("vfio.pad.unmask", vfio.unmask(0).name());
    }
}
