package dev.irqlab.qemu;

import com.google.inject.Inject;
import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.AbstractVmm;
import dev.irqlab.vmm.core.VfioIrqSet;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU running one arm {@code virt} (or x86) machine, in QEMU's order:
 * <ol>
 *   <li>board init ({@link #createVm}): {@code KVM_CREATE_VM}, the vCPUs, the in-kernel irqchip,
 *       whose realize sets the number of interrupts and finishes its initialisation at once
 *       (hw/intc/arm_gicv3_kvm.c {@code kvm_arm_gicv3_realize}: {@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS},
 *       then {@code KVM_DEV_ARM_VGIC_CTRL_INIT}; arm_gic_kvm.c the same for GICv2 when the kernel has
 *       the attributes) — before any device exists;</li>
 *   <li>{@code -device vfio-platform} ({@link #assign}): realize, then the platform bus links its
 *       irqs ({@code sysbus_connect_irq} -> {@code vfio_start_irqfd_injection}, or the user-space
 *       fallback), {@link VfioPlatformIrqWiring}; {@code -device vfio-pci}: INTx wired at realize,
 *       {@link VfioPciIntxWiring};</li>
 *   <li>machine creation done ({@link #start}): {@code qemu_system_reset}, which puts QEMU's reset
 *       GIC state into KVM ({@link GicStatePut}); then {@code vm_start} at {@code vm-start}.</li>
 * </ol>
 */
final class QemuVmm extends AbstractVmm {

    /** hw/arm/virt.c: {@code NUM_IRQS} SPIs + {@code GIC_INTERNAL}, the GIC's {@code num-irq}. */
    static final int VIRT_NUM_IRQ = 256 + 32;

    private final QemuIoApic.Factory ioapics;
    private final VfioPciIntxWiring.Factory pciWirings;
    private final VfioPlatformIrqWiring.Factory platformWirings;
    private final QemuConfig config;
    private final List<AssignedDevice> assigned = new ArrayList<>();
    private final KvmAccel accel;
    private PciIntxLines pciIntxLines;

    /** Makes QEMU for one run; the plugin's Guice module supplies its device models. */
    static final class Factory {
        private final QemuIoApic.Factory ioapics;
        private final VfioPciIntxWiring.Factory pciWirings;
        private final VfioPlatformIrqWiring.Factory platformWirings;

        @Inject
        Factory(QemuIoApic.Factory ioapics, VfioPciIntxWiring.Factory pciWirings,
                VfioPlatformIrqWiring.Factory platformWirings) {
            this.ioapics = ioapics;
            this.pciWirings = pciWirings;
            this.platformWirings = platformWirings;
        }

        QemuVmm create(VmmContext context, QemuConfig config) {
            return new QemuVmm(ioapics, pciWirings, platformWirings, context, config);
        }
    }

    /**
     * The accelerator's state ({@link KvmAccel}, QEMU's {@code KVMState}) belongs to this QEMU and is
     * shared by its devices: it is built here, not bound.
     */
    QemuVmm(QemuIoApic.Factory ioapics, VfioPciIntxWiring.Factory pciWirings,
            VfioPlatformIrqWiring.Factory platformWirings, VmmContext context, QemuConfig config) {
        super(context);
        this.ioapics = ioapics;
        this.pciWirings = pciWirings;
        this.platformWirings = platformWirings;
        this.config = config;
        this.accel = new KvmAccel(config.splitIrqchip());
    }

    /**
     * {@code KVM_CREATE_VM}, the vCPUs and the in-kernel irqchip's device, then the irqchip's realize
     * completes its initialisation ({@code KVM_DEV_ARM_VGIC_CTRL_INIT}), so that the devices created
     * later can connect irqfds (virt/kvm/eventfd.c {@code kvm_irqfd_assign} refuses them before).
     */
    @Override
    protected Vm buildVm(Machine machine) {
        if (!config.splitIrqchip()) {
            Vm vm = kvmCreateVm(config.vmName(), machine, null);
            pciIntxLines = new PciIntxLines(vm::irqLine); // kvm_pc_gsi_handler, kvm_arm_gic_set_irq: KVM_IRQ_LINE
            return vm;
        }
        // kvm_arch_irqchip_create: KVM_ENABLE_CAP(KVM_CAP_SPLIT_IRQCHIP, 24) exists on x86 only; QEMU's
        // other targets reject kernel-irqchip=split.
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            throw new VmmException("vmm.kernel-irqchip: split needs an x86 machine (KVM_CAP_SPLIT_IRQCHIP: the "
                    + "IO-APIC in QEMU, the local APICs in KVM); this machine's irqchip is '" + machine.irqchipName()
                    + "'; use kernel-irqchip: on");
        }
        QemuIoApic ioapic = ioapics.create(sim(), name() + ".ioapic", config.ioapicVersion(),
                config.userspaceExitNs(), accel);
        Vm vm = kvmCreateVm(config.vmName(), machine, ioapic);
        ioapic.realize(vm);
        pciIntxLines = new PciIntxLines(ioapic::setIrq); // gsi_handler -> ioapic_set_irq
        return vm;
    }

    /**
     * The GIC's realize: {@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS} = {@code num_irq}, which hw/arm/virt.c
     * sets to {@code NUM_IRQS} (256) + {@code GIC_INTERNAL} (32): 256 SPIs (hw/intc/arm_gicv3_kvm.c
     * {@code kvm_arm_gicv3_realize}, arm_gic_kvm.c {@code kvm_arm_gic_realize}; QEMU 10.x). A device
     * without the attribute ({@code -ENXIO}: {@code kvm_device_check_attr} false, as arm_gic_kvm.c
     * checks) is left alone; any other error is fatal ({@code &error_abort}). The x86 machine's KVM
     * IO-APIC has no such attribute.
     */
    @Override
    protected void configureIrqchip(Machine machine, VirtualInterruptController irqchip) {
        if (machine.irqchipName().equals(X86_IRQCHIP)) {
            return;
        }
        int r = irqchip.setNrIrqs(VIRT_NUM_IRQ);
        if (r != 0 && r != -Errno.ENXIO) {
            throw new VmmException(irqchip.name() + ": KVM_DEV_ARM_VGIC_GRP_NR_IRQS " + VIRT_NUM_IRQ + " failed ("
                    + Errno.name(r) + ")");
        }
    }

    @Override
    protected Device wire(AssignedDevice device) {
        // QEMU's device model follows VFIO_DEVICE_GET_INFO's bus flag: -device vfio-pci or vfio-platform
        Device guestView = (device.vfio().deviceFlags() & Vfio.DEVICE_FLAGS_PCI) != 0
                ? pciWirings.create(sim(), name(), vm(), device, config, accel, pciIntxLines).wire()
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
        return platformWirings.create(sim(), name(), vm(), device, config).wire();
    }

    /**
     * Machine creation done: {@code qemu_system_reset} at {@code system-reset} (at once by default),
     * then at {@code vm-start} the VM's start ({@code KVM_RUN}), with {@code force-unmask-at-start}
     * one {@code VFIO_IRQ_SET_ACTION_UNMASK} per maskable irq of every device (Micah Morton's
     * workaround), then the guest boots.
     */
    @Override
    protected void boot(Runnable guestBoot) {
        if (config.systemResetNs() > context().vmStartNs()) {
            throw new VmmException("vmm.system-reset (" + config.systemResetNs() + " ns) comes after vmm.vm-start ("
                    + context().vmStartNs() + " ns): QEMU resets the machine before it starts the VM");
        }
        GicStatePut reset = new GicStatePut(vm().irqchip());
        if (config.systemResetNs() == 0) {
            reset.putResetState();
        } else {
            sim().scheduler().scheduleAt(config.systemResetNs(), "qemu_system_reset", reset::putResetState);
        }
        scheduleVmStart(() -> {
            if (config.forceUnmaskAtStart()) {
                forceUnmask();
            }
        }, guestBoot);
    }

    private void forceUnmask() {
        for (AssignedDevice d : assigned) {
            for (int index = 0; index < d.vfio().irqCount(); index++) {
                if (d.vfio().irqInfo(index).has(Vfio.IRQ_INFO_MASKABLE)) {
                    new VfioIrqSet(d).unmaskResult(index);
                }
            }
        }
    }
}
