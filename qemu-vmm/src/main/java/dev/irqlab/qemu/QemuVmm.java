package dev.irqlab.qemu;

import com.google.inject.Inject;
import com.google.inject.assistedinject.Assisted;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU running one arm {@code virt} (or x86) machine, in QEMU's order:
 * <ol>
 *   <li>board init ({@link #createVm}): {@code KVM_CREATE_VM}, the vCPUs, the in-kernel irqchip,
 *       whose realize finishes its initialisation at once (hw/intc/arm_gicv3_kvm.c
 *       {@code kvm_arm_gicv3_realize}: {@code KVM_DEV_ARM_VGIC_CTRL_INIT}; arm_gic_kvm.c the same
 *       for GICv2 when the kernel has the attribute) — before any device exists;</li>
 *   <li>{@code -device vfio-platform} ({@link #assign}): realize, then the platform bus links its
 *       irqs ({@code sysbus_connect_irq} -> {@code vfio_start_irqfd_injection}, or the user-space
 *       fallback), {@link VfioPlatformIrqWiring}; {@code -device vfio-pci}: INTx wired at realize,
 *       {@link VfioPciIntxWiring};</li>
 *   <li>machine creation done ({@link #start}): {@code qemu_system_reset}, which puts QEMU's reset
 *       GIC state into KVM ({@link GicStatePut}); then {@code vm_start} at {@code vm-start}.</li>
 * </ol>
 */
final class QemuVmm implements Vmm {

    /** The x86 machine's in-kernel irqchip (the only one kernel-irqchip=split applies to). */
    static final String X86_IRQCHIP = "kvm-ioapic";

    private final QemuIoApic.Factory ioapics;
    private final VfioPciIntxWiring.Factory pciWirings;
    private final VfioPlatformIrqWiring.Factory platformWirings;
    private final VmmContext context;
    private final QemuConfig config;
    private final List<AssignedDevice> assigned = new ArrayList<>();
    private final KvmAccel accel;
    private Vm vm;
    private boolean started;

    /** Makes QEMU for one run; the plugin's Guice module supplies its device models. */
    interface Factory {
        QemuVmm create(VmmContext context, QemuConfig config);
    }

    /**
     * The accelerator's state ({@link KvmAccel}, QEMU's {@code KVMState}) belongs to this QEMU and is
     * shared by its devices: it is built here, not bound.
     */
    @Inject
    QemuVmm(QemuIoApic.Factory ioapics, VfioPciIntxWiring.Factory pciWirings,
            VfioPlatformIrqWiring.Factory platformWirings, @Assisted VmmContext context, @Assisted QemuConfig config) {
        this.ioapics = ioapics;
        this.pciWirings = pciWirings;
        this.platformWirings = platformWirings;
        this.context = context;
        this.config = config;
        this.accel = new KvmAccel(config.splitIrqchip());
    }

    @Override
    public String name() {
        return context.name();
    }

    /**
     * {@code KVM_CREATE_VM}, the vCPUs and the in-kernel irqchip's device, then the irqchip's realize
     * completes its initialisation ({@code KVM_DEV_ARM_VGIC_CTRL_INIT}), so that the devices created
     * later can connect irqfds (virt/kvm/eventfd.c {@code kvm_irqfd_assign} refuses them before).
     */
    @Override
    public Vm createVm(Machine machine) {
        if (vm != null) {
            throw new IllegalStateException(name() + ": the VM exists already");
        }
        if (!config.splitIrqchip()) {
            vm = context.hypervisor().createVm(new VmSpec(config.vmName(), machine.vcpus(), machine.irqchipName(),
                    machine.irqchip(), machine.irqchipConfig()));
            vm.irqchip().init();
            return vm;
        }
        // kvm_arch_irqchip_create: KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP, 24) exists on x86 only; QEMU's
        // other targets reject kernel-irqchip=split.
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            throw new VmmException("vmm.kernel-irqchip: split needs an x86 machine (KVM_CAP_SPLIT_IRQCHIP: the "
                    + "IO-APIC in QEMU, the local APICs in KVM); this machine's irqchip is '" + machine.irqchipName()
                    + "'; use kernel-irqchip: on");
        }
        QemuIoApic ioapic = ioapics.create(context.sim(), name() + ".ioapic", config.ioapicVersion(),
                config.userspaceExitNs(), accel);
        vm = context.hypervisor().createVm(new VmSpec(config.vmName(), machine.vcpus(), machine.irqchipName(),
                machine.irqchip(), machine.irqchipConfig(), ioapic));
        vm.irqchip().init();
        ioapic.realize(vm);
        return vm;
    }

    @Override
    public Device assign(AssignedDevice device) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": devices are wired after createVm and before start");
        }
        // QEMU's device model follows VFIO_DEVICE_GET_INFO's bus flag: -device vfio-pci or vfio-platform
        Device guestView = (device.vfio().deviceFlags() & Vfio.DEVICE_FLAGS_PCI) != 0
                ? pciWirings.create(context.sim(), vm, device, config, accel).wire()
                : platformWiring(device);
        assigned.add(device);
        return guestView;
    }

    private Device platformWiring(AssignedDevice device) {
        if (config.splitIrqchip()) {
            throw new VmmException("device '" + device.name() + "': vfio-platform with kernel-irqchip=split is not "
                    + "modelled (its user-space fallback would raise QEMU's IO-APIC input, not KVM_IRQ_LINE); use "
                    + "forwarder vfio-pci or kernel-irqchip: on");
        }
        return platformWirings.create(context.sim(), name(), vm, device, config).wire();
    }

    /**
     * Machine creation done: {@code qemu_system_reset} at {@code system-reset} (at once by default),
     * then at {@code vm-start} the VM's start ({@code KVM_RUN}), with {@code force-unmask-at-start}
     * one {@code VFIO_IRQ_SET_ACTION_UNMASK} per maskable irq of every device (Micah Morton's
     * workaround), then the guest boots.
     */
    @Override
    public void start(Runnable guestBoot) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": start once, after createVm");
        }
        if (config.systemResetNs() > context.vmStartNs()) {
            throw new VmmException("vmm.system-reset (" + config.systemResetNs() + " ns) comes after vmm.vm-start ("
                    + context.vmStartNs() + " ns): QEMU resets the machine before it starts the VM");
        }
        started = true;
        Sim sim = context.sim();
        GicStatePut reset = new GicStatePut(vm.irqchip());
        if (config.systemResetNs() == 0) {
            reset.putResetState();
        } else {
            sim.scheduler().scheduleAt(config.systemResetNs(), "qemu_system_reset", reset::putResetState);
        }
        sim.scheduler().scheduleAt(context.vmStartNs(), "vm start", () -> {
            vm.start();
            if (config.forceUnmaskAtStart()) {
                forceUnmask();
            }
            guestBoot.run();
        });
    }

    private void forceUnmask() {
        for (AssignedDevice d : assigned) {
            for (int index = 0; index < d.vfio().irqCount(); index++) {
                if (d.vfio().irqInfo(index).has(Vfio.IRQ_INFO_MASKABLE)) {
                    d.vfio().setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_UNMASK, index, 0, 1,
                            new IrqSetData.None());
                }
            }
        }
    }
}
