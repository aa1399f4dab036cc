package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.tck.doubles.RecordingHypervisor;
import dev.irqlab.tck.doubles.ToyDevice;
import dev.irqlab.tck.doubles.ToyForwarder;
import dev.irqlab.tck.doubles.ToyPic;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every VMM plugin passes, over a {@link RecordingHypervisor} and {@link ToyForwarder}s:
 * the protocol of {@link Vmm} (create the VM through the hypervisor, wire every VFIO irq index of an
 * assigned device, start the VM at its time and only then boot the guest) and what every VMM that
 * forwards VFIO interrupts into KVM does per index, as QEMU (hw/vfio/platform.c
 * {@code vfio_start_irqfd_injection}, {@code vfio_set_resample_eventfd}) and crosvm
 * (devices/src/platform/vfio_platform.rs) do: the fd VFIO signals on an interrupt is the irqfd's fd
 * on the guest pin, and for a level irq the irqfd's resamplefd is the fd VFIO unmasks on.
 *
 * <p>What a VMM declares in its factory shapes the checks, so each VMM is held to what it does: the
 * machine the toy VM is created as ({@link VmmFactory#irqchips()}), whether its devices are
 * vfio-platform ones (else the kit assigns a PCI function, whose INTx is one level irq, and the
 * checks of edge and multi-irq devices do not apply), and whether a level irq gets VFIO's unmask
 * eventfd ({@link VmmFactory#unmaskEventfd()}; else no resamplefd may appear anywhere and the VMM
 * unmasks VFIO itself, as cloud-hypervisor does).
 */
public abstract class VmmContract {

    protected static final long VM_START = SimHarness.ms(2);

    /** The factory under test. */
    protected abstract VmmFactory vmmFactory();

    /** The VMM's configuration: its schema's defaults unless overridden. */
    protected Config vmmConfig() {
        return Config.defaults(vmmFactory().schema());
    }

    /** The machine's irqchip name: the first the VMM declares, else a toy one. */
    private String machine() {
        List<String> declared = vmmFactory().irqchips();
        return declared.isEmpty() ? "toy-vic" : declared.get(0);
    }

    /** The forwarding of a level irq the VMM wires: with VFIO's unmask eventfd, or a plain irqfd. */
    private Forwarding levelForwarding() {
        return vmmFactory().unmaskEventfd() ? Forwarding.IRQFD_RESAMPLE : Forwarding.IRQFD;
    }

    private void platformOnly() {
        assumeTrue(vmmFactory().vfioPlatform(), "the VMM assigns PCI functions only: INTx is one level irq");
    }

    /** A VMM over a recording hypervisor, its VM created with one vCPU over a toy controller. */
    protected final class Rig {
        public final SimHarness harness = new SimHarness();
        public final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());
        public final ToyVirtualControllerFactory vics = new ToyVirtualControllerFactory(64, Style.VGIC_LIKE, false);
        public final Vmm vmm = vmmFactory().create(new VmmContext(harness.sim(), "vmm-under-test", kvm, VM_START,
                vmmConfig()));
        public final Vm vm = vmm.createVm(new Machine(1, machine(), vics, Config.of(Map.of())));
        public final ToyPic host = new ToyPic();

        /** A level device as the VMM assigns them: a vfio-platform irq, or a PCI function's INTx. */
        public ToyForwarder levelVfio() {
            return vmmFactory().vfioPlatform() ? new ToyForwarder(ToyForwarder.LEVEL) : ToyForwarder.pciIntx();
        }

        public AssignedDevice device(String name, Forwarding forwarding, ToyForwarder vfio, int... pins) {
            List<AssignedDevice.AssignedIrq> irqs = new ArrayList<>();
            for (int i = 0; i < pins.length; i++) {
                boolean level = (vfio.irqInfo(i).flags() & dev.irqlab.api.forwarder.Vfio.IRQ_INFO_AUTOMASKED) != 0;
                irqs.add(new AssignedDevice.AssignedIrq(i + 3, pins[i], level ? Trigger.LEVEL_HIGH : Trigger.EDGE_RISING));
            }
            return new AssignedDevice(name, new ToyDevice(name), "vfio." + name, vfio, forwarding, host, irqs);
        }

        /** The {@code KVM_IRQFD} calls logged so far. */
        public List<String> irqfds() {
            return kvm.log().stream().filter(l -> l.contains("KVM_IRQFD")).toList();
        }
    }

    @Test
    @DisplayName("createVm builds one VM through the hypervisor with the machine's vCPUs and irqchip")
    void createsTheVm() {
        Rig r = new Rig();
        assertEquals(1, r.kvm.specs().size());
        assertEquals(1, r.kvm.specs().get(0).vcpus());
        assertEquals(machine(), r.kvm.specs().get(0).irqchipName());
        assertSame(r.vics, r.kvm.specs().get(0).irqchip());
        assertSame(r.kvm.vms().get(0), r.vm);
        assertThrows(IllegalStateException.class, () -> r.vmm.createVm(new Machine(1, machine(), r.vics,
                Config.of(Map.of()))), "one VM per VMM");
    }

    @Test
    @DisplayName("a level irq: the irqfd's fd is VFIO's trigger and its resamplefd VFIO's unmask fd (KVM_IRQFD_FLAG_RESAMPLE)")
    void levelIrqResamples() {
        Rig r = new Rig();
        ToyForwarder vfio = r.levelVfio();
        if (!vmmFactory().unmaskEventfd()) {
            r.vmm.assign(r.device("pad", Forwarding.IRQFD, vfio, 16));
            assertNotNull(vfio.trigger(0), vfio.log().toString());
            assertNull(vfio.unmask(0), "the VMM declares no unmask eventfd: " + vfio.log());
            assertTrue(r.irqfds().stream().noneMatch(l -> l.contains(" resample ")), r.irqfds().toString());
            return;
        }
        r.vmm.assign(r.device("pad", Forwarding.IRQFD_RESAMPLE, vfio, 40));
        assertNotNull(vfio.trigger(0), vfio.log().toString());
        assertNotNull(vfio.unmask(0), vfio.log().toString());
        assertEquals(1, r.irqfds().size(), r.kvm.log().toString());
        assertTrue(r.irqfds().get(0).contains("KVM_IRQFD " + vfio.trigger(0).name() + " gsi 40 resample "
                + vfio.unmask(0).name()), r.irqfds().toString());
    }

    @Test
    @DisplayName("the device the guest's driver gets reaches the assigned device's registers")
    void guestViewReachesTheDevice() {
        Rig r = new Rig();
        AssignedDevice pad = r.device("pad", levelForwarding(), r.levelVfio(), 16);
        dev.irqlab.api.device.Device view = r.vmm.assign(pad);
        view.registers().write(0, 1);
        assertEquals(List.of("write 0 = 1"), ((ToyDevice) pad.device()).accesses());
        assertEquals(pad.device().name(), view.name());
    }

    @Test
    @DisplayName("an edge irq: a plain irqfd on the guest pin, VFIO's trigger its fd, no unmask fd")
    void edgeIrqPlain() {
        platformOnly();
        Rig r = new Rig();
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.EDGE);
        r.vmm.assign(r.device("key", Forwarding.IRQFD, vfio, 41));
        assertNotNull(vfio.trigger(0));
        assertNull(vfio.unmask(0));
        assertTrue(r.irqfds().stream().anyMatch(l -> l.contains("KVM_IRQFD " + vfio.trigger(0).name() + " gsi 41 =")),
                r.kvm.log().toString());
    }

    @Test
    @DisplayName("every VFIO irq index of a device is wired to its own guest pin")
    void everyIndex() {
        platformOnly();
        Rig r = new Rig();
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL, ToyForwarder.EDGE);
        r.vmm.assign(r.device("ec", Forwarding.IRQFD, vfio, 50, 51));
        assertNotNull(vfio.trigger(0));
        assertNotNull(vfio.trigger(1));
        assertTrue(vfio.trigger(0) != vfio.trigger(1), "one trigger fd per index");
        assertTrue(r.irqfds().stream().anyMatch(l -> l.contains(vfio.trigger(0).name() + " gsi 50")), r.irqfds().toString());
        assertTrue(r.irqfds().stream().anyMatch(l -> l.contains(vfio.trigger(1).name() + " gsi 51")), r.irqfds().toString());
    }

    @Test
    @DisplayName("irqfd-resample on an irq VFIO does not automask is refused, naming the device, with nothing wired")
    void resampleNeedsAutomasked() {
        platformOnly();
        Rig r = new Rig();
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.EDGE);
        VmmException e = assertThrows(VmmException.class,
                () -> r.vmm.assign(r.device("key", Forwarding.IRQFD_RESAMPLE, vfio, 41)));
        assertTrue(e.getMessage().startsWith("device 'key': "), e.getMessage());
        assertEquals(List.of(), r.irqfds());
        assertEquals(List.of(), vfio.log());
    }

    @Test
    @DisplayName("start queues the VM's start at vm-start; the guest boots right after it, not before")
    void startsAtItsTime() {
        Rig r = new Rig();
        r.vmm.assign(r.device("pad", levelForwarding(), r.levelVfio(), 16));
        List<String> boot = new ArrayList<>();
        r.vmm.start(() -> boot.add(r.harness.now() + " boot after " + r.kvm.log().get(r.kvm.log().size() - 1)));
        r.harness.runFor(VM_START - 1);
        assertEquals(List.of(), boot);
        assertTrue(r.kvm.log().stream().noneMatch(l -> l.contains(" start ")), r.kvm.log().toString());
        r.harness.runFor(SimHarness.ms(1));
        assertEquals(List.of(VM_START + " boot after " + VM_START + " start " + r.vm.name()), boot);
    }

    @Test
    @DisplayName("devices are assigned after createVm and before start; start happens once")
    void protocolOrder() {
        Rig r = new Rig();
        r.vmm.start(() -> { });
        assertThrows(IllegalStateException.class, () -> r.vmm.start(() -> { }));
        assertThrows(IllegalStateException.class,
                () -> r.vmm.assign(r.device("late", Forwarding.IRQFD, new ToyForwarder(ToyForwarder.EDGE), 41)));
    }
}
