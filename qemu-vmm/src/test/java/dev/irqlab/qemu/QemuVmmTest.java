package dev.irqlab.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** What the "qemu" VMM does beyond the contract: its options, its names, its hw-mapped wiring. */
class QemuVmmTest {

    /** The plugin's VMM factory as its Guice module wires it (as the runtime gets it). */
    static VmmFactory factory() {
        return PluginBindings.factory(new QemuPlugin(), VmmFactory.class, QemuPlugin.NAME);
    }

    private final SimHarness harness = new SimHarness();
    private final RecordingHypervisor kvm = new RecordingHypervisor(harness.sim());

    private final ToyVirtualControllerFactory vics = new ToyVirtualControllerFactory(64, Style.VGIC_LIKE, false);

    private Vmm vmm(Map<String, Object> settings) {
        Map<String, Object> values = new TreeMap<>(Config.defaults(QemuConfig.schema()).values());
        values.putAll(settings);
        Vmm vmm = factory().create(new VmmContext(harness.sim(), "qemu", kvm, SimHarness.ms(2),
                Config.of(values)));
        vmm.createVm(new Machine(1, "toy-vic", vics, Config.of(Map.of())));
        return vmm;
    }

    private List<String> kvmCalls(String what) {
        return kvm.log().stream().filter(l -> l.contains(what)).toList();
    }

    private static AssignedDevice device(ToyForwarder vfio, Forwarding forwarding) {
        return new AssignedDevice("pad", new ToyDevice("pad"), "vfio.pad", vfio, forwarding, new ToyPic(),
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
        Map<String, VmmFactory> bound = PluginBindings.factories(p, VmmFactory.class);
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

    @Test
    @DisplayName("hw/intc/arm_gicv3_kvm.c kvm_arm_gicv3_realize: the irqchip is initialised (CTRL_INIT) when the VM is created, before any device")
    void irqchipInitialisedAtRealize() {
        vmm(Map.of());
        assertTrue(vics.built().get(0).initialized(), "KVM_DEV_ARM_VGIC_CTRL_INIT at the GIC's realize");
    }

    @Test
    @DisplayName("hw/intc/arm_gicv3_kvm.c kvm_arm_gicv3_realize: KVM_DEV_ARM_VGIC_GRP_NR_IRQS = virt's num-irq 288 before CTRL_INIT")
    void numberOfInterruptsSetAtRealize() {
        vmm(Map.of());
        // the toy refuses it after init (-EBUSY, as the vGIC): a value proves it came before
        assertEquals(256 + 32, vics.built().get(0).nrIrqs(), "NUM_IRQS + GIC_INTERNAL");
    }

    @Test
    @DisplayName("hw/vfio/platform.c vfio_start_irqfd_injection: KVM_IRQFD failing (-EAGAIN) falls back to vfio_start_eventfd_injection")
    void irqfdFailureFallsBackToUserSpace() {
        Vmm vmm = vmm(Map.of());
        kvm.answerIrqfd(-dev.irqlab.api.Errno.EAGAIN);
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL);
        vmm.assign(device(vfio, Forwarding.IRQFD_RESAMPLE));
        assertEquals(1, kvmCalls("KVM_IRQFD").size(), "one attempt");
        assertEquals(List.of("SET_IRQS TRIGGER index 0 vfio.pad.trigger"), vfio.log(),
                "the trigger only: no resamplefd, QEMU unmasks itself at the EOI");
    }

    @Test
    @DisplayName("vfio_intp_interrupt: the main loop reads the trigger, KVM_IRQ_LINE 1, the slow path traps the next access, whose vfio_platform_eoi lowers the line and unmasks")
    void userSpaceInjectionRoundTrip() {
        Vmm vmm = vmm(Map.of(QemuConfig.IRQFD, false));
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL);
        AssignedDevice pad = device(vfio, Forwarding.IRQFD_RESAMPLE);
        dev.irqlab.api.device.Device view = vmm.assign(pad);
        assertEquals(List.of(), kvmCalls("KVM_IRQFD"), "x-irqfd=off: no KVM_IRQFD at all");
        view.registers().read(0);
        assertEquals(List.of(), kvmCalls("exit to VMM"), "fast path: the region is mapped, no exit");
        vfio.trigger(0).signal();
        harness.runFor(SimHarness.us(10) - 1);
        assertEquals(List.of(), kvmCalls("KVM_IRQ_LINE"), "not before eventfd-handler-latency");
        harness.runFor(1);
        assertEquals(List.of("10000 KVM_IRQ_LINE gsi 8 1"), kvmCalls("KVM_IRQ_LINE"));
        assertEquals(0, vfio.trigger(0).count(), "event_notifier_test_and_clear");
        view.registers().write(0, 1);
        assertEquals(List.of("10000 exit to VMM mmio vfio.pad region write 0x0 (slow path) +8000ns"),
                kvmCalls("exit to VMM"));
        assertEquals(List.of("10000 KVM_IRQ_LINE gsi 8 1", "10000 KVM_IRQ_LINE gsi 8 0"), kvmCalls("KVM_IRQ_LINE"));
        assertEquals("SET_IRQS UNMASK index 0", vfio.log().get(vfio.log().size() - 1), "vfio_unmask_single_irqindex");
        assertEquals(List.of("read 0", "write 0 = 1"), ((ToyDevice) pad.device()).accesses());
        view.registers().read(0);
        assertEquals(2, kvmCalls("exit to VMM").size(), "still the slow path until the mmap timer");
        assertEquals(2, kvmCalls("KVM_IRQ_LINE").size(), "nothing active: the EOI does nothing");
        harness.runFor(SimHarness.ms(1100));
        view.registers().read(0);
        assertEquals(2, kvmCalls("exit to VMM").size(), "vfio_intp_mmap_enable restored the fast path");
    }

    @Test
    @DisplayName("vfio_intp_interrupt: an irq signalled while another of the device is active waits as pending; the EOI injects it")
    void secondIrqWaitsAsPending() {
        Vmm vmm = vmm(Map.of(QemuConfig.IRQFD, false));
        ToyForwarder vfio = new ToyForwarder(ToyForwarder.LEVEL, ToyForwarder.EDGE);
        AssignedDevice ec = new AssignedDevice("ec", new ToyDevice("ec"), "vfio.ec", vfio, Forwarding.IRQFD,
                new ToyPic(), List.of(new AssignedDevice.AssignedIrq(40, 8, Trigger.LEVEL_HIGH),
                new AssignedDevice.AssignedIrq(41, 9, Trigger.EDGE_RISING)));
        dev.irqlab.api.device.Device view = vmm.assign(ec);
        vfio.trigger(0).signal();
        harness.runFor(SimHarness.us(20));
        vfio.trigger(1).signal();
        harness.runFor(SimHarness.us(20));
        assertEquals(List.of("10000 KVM_IRQ_LINE gsi 8 1"), kvmCalls("KVM_IRQ_LINE"), "irq 1 is pending, not injected");
        view.registers().read(0);
        assertEquals(List.of("10000 KVM_IRQ_LINE gsi 8 1", "40000 KVM_IRQ_LINE gsi 8 0", "40000 KVM_IRQ_LINE gsi 9 1"),
                kvmCalls("KVM_IRQ_LINE"), "vfio_platform_eoi, then vfio_intp_inject_pending_lockheld");
    }

    @Test
    @DisplayName("qdev_machine_creation_done -> qemu_system_reset -> kvm_arm_gicv3_put: a level latched before the reset is erased")
    void systemResetErasesLatchedLevels() {
        Vmm vmm = vmm(Map.of(QemuConfig.SYSTEM_RESET, SimHarness.ms(1)));
        vmm.assign(device(new ToyForwarder(ToyForwarder.LEVEL), Forwarding.IRQFD_RESAMPLE));
        vmm.start(() -> { });
        vics.built().get(0).setIrq(8, 0, true);
        harness.runFor(SimHarness.ms(1) - 1);
        assertTrue(vics.built().get(0).level(8));
        harness.runFor(1);
        assertFalse(vics.built().get(0).level(8), "KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO = 0");
    }

    @Test
    @DisplayName("kvm_arm_gicv3_put: every SPI's trigger from QEMU's reset state, level (GICD_ICFGR = 0)")
    void systemResetPutsLevelTriggers() {
        // arm_gicv3_kvm.c kvm_dist_put_edge_trigger: QEMU's edge_trigger bitmap, cleared by
        // arm_gicv3_common_reset, into every GICD_ICFGR covering SPIs (64 pins: INTIDs 32..95, ICFGR2..5)
        Vmm vmm = vmm(Map.of(QemuConfig.SYSTEM_RESET, SimHarness.ms(1)));
        vmm.start(() -> { });
        harness.runFor(SimHarness.ms(1) - 1);
        assertEquals(List.of(), vics.built().get(0).userSpaceRegisterWrites());
        harness.runFor(1);
        assertEquals(List.of("GICD_ICFGR2=0", "GICD_ICFGR3=0", "GICD_ICFGR4=0", "GICD_ICFGR5=0"),
                vics.built().get(0).userSpaceRegisterWrites());
    }

    @Test
    @DisplayName("QEMU resets the machine before it starts the VM: system-reset after vm-start is refused")
    void resetAfterStartRefused() {
        Vmm vmm = vmm(Map.of(QemuConfig.SYSTEM_RESET, SimHarness.ms(3)));
        VmmException e = assertThrows(VmmException.class, () -> vmm.start(() -> { }));
        assertTrue(e.getMessage().contains("vmm.system-reset"), e.getMessage());
    }
}
