package dev.irqlab.crosvm;

import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.VfioIrqSet;
import java.util.Optional;

/**
 * crosvm's wiring of an assigned device's VFIO interrupts:
 * <ul>
 *   <li>vfio-platform (arch/src/sys/linux.rs {@code generate_platform_bus}, devices/src/platform/
 *       vfio_platform.rs): per irq index, an automasked irq is a level irq event — first
 *       {@code register_level_irq_event} ({@code KVM_IRQFD} with its resamplefd, KvmKernelIrqChip), then
 *       {@code assign_level_platform_irq}: {@code ACTION_TRIGGER}, {@code ACTION_MASK}, the resample
 *       event as {@code ACTION_UNMASK} eventfd, {@code ACTION_UNMASK}; any other irq an edge event:
 *       a plain {@code KVM_IRQFD}, then {@code ACTION_TRIGGER}.</li>
 *   <li>vfio-pci INTx (arch/src/lib.rs {@code generate_pci_root}): first the device's
 *       {@code assign_irq} → devices/src/pci/vfio_pci.rs {@code enable_intx}: {@code ACTION_TRIGGER},
 *       {@code ACTION_MASK}, {@code resample_virq_enable} ({@code ACTION_UNMASK} eventfd),
 *       {@code ACTION_UNMASK}; then {@code register_level_irq_event} on the INTx GSI: with the kernel
 *       irqchip a {@code KVM_IRQFD} with resamplefd, with the split irqchip crosvm's own event
 *       ({@link CrosvmSplitIrqChip}).</li>
 * </ul>
 * crosvm has no forwarding choice: whether an irq gets a resamplefd follows
 * {@code VFIO_IRQ_INFO_AUTOMASKED}, so {@code forwarding: irqfd} and {@code irqfd-resample} are
 * wired alike; {@code irqfd-resample} on an irq VFIO does not automask and {@code hw-mapped} are
 * refused, as no crosvm wiring does them.
 */
final class CrosvmVfioIrqs {

    private final Sim sim;
    private final Vm vm;
    private final AssignedDevice device;
    private final VfioIrqSet setIrqs;
    private final CrosvmSplitIrqChip split;

    /** Makes the wiring of one assigned device's VFIO interrupts. */
    static final class Factory {
        CrosvmVfioIrqs create(Sim sim, Vm vm, AssignedDevice device, Optional<CrosvmSplitIrqChip> split) {
            return new CrosvmVfioIrqs(sim, vm, device, split);
        }
    }

    /** @param split crosvm's split irqchip, empty with the kernel irqchip */
    CrosvmVfioIrqs(Sim sim, Vm vm, AssignedDevice device, Optional<CrosvmSplitIrqChip> split) {
        this.sim = sim;
        this.vm = vm;
        this.device = device;
        this.setIrqs = new VfioIrqSet(device);
        this.split = split.orElse(null);
    }

    void wire() {
        Forwarder vfio = device.vfio();
        if (device.forwarding() == Forwarding.HW_MAPPED) {
            throw new VmmException("device '" + device.name() + "': crosvm forwards VFIO interrupts with irqfds "
                    + "only (no kvm_vgic_map_phys_irq); use forwarding: irqfd-resample or irqfd");
        }
        boolean pci = (vfio.deviceFlags() & Vfio.DEVICE_FLAGS_PCI) != 0;
        for (int index = 0; index < device.irqs().size(); index++) {
            boolean automasked = vfio.irqInfo(pci ? Vfio.PCI_INTX_IRQ_INDEX : index).has(Vfio.IRQ_INFO_AUTOMASKED);
            if (device.forwarding() == Forwarding.IRQFD_RESAMPLE && !automasked) {
                throw new VmmException("device '" + device.name() + "': irq " + index + " is not automasked by "
                        + "VFIO, so crosvm binds a plain irqfd there (arch/src/sys/linux.rs: "
                        + "register_edge_irq_event); use forwarding: irqfd");
            }
        }
        if (split != null && !pci) {
            throw new VmmException("device '" + device.name() + "': vfio-platform with crosvm's split irqchip "
                    + "does not exist (--irqchip split is x86, vfio-platform arm64); use forwarder vfio-pci or "
                    + "vmm.irqchip: kernel");
        }
        if (pci) {
            wirePciIntx(vfio);
        } else {
            for (int index = 0; index < device.irqs().size(); index++) {
                wirePlatformIrq(vfio, index);
            }
        }
    }

    private void wirePlatformIrq(Forwarder vfio, int index) {
        int gsi = device.irqs().get(index).guestPin();
        EventFd trigger = sim.eventFd(eventName(index, "trigger"));
        if (vfio.irqInfo(index).has(Vfio.IRQ_INFO_AUTOMASKED)) {
            EventFd resample = sim.eventFd(eventName(index, "unmask"));
            setIrqs.check("KVM_IRQFD with resamplefd", vm.irqfd(trigger, gsi, resample));
            enableLevel(index, trigger, resample);
        } else {
            setIrqs.check("KVM_IRQFD", vm.irqfd(trigger, gsi, null));
            setIrqs.trigger(index, trigger);
        }
    }

    private void wirePciIntx(Forwarder vfio) {
        if (vfio.irqInfo(Vfio.PCI_INTX_IRQ_INDEX).count() == 0) {
            return; // no Interrupt Pin: PreferredIrq::None, no INTx
        }
        int gsi = device.irqs().get(0).guestPin();
        EventFd trigger = sim.eventFd(device.vfioName() + ".trigger");
        EventFd resample = sim.eventFd(device.vfioName() + ".unmask");
        enableLevel(Vfio.PCI_INTX_IRQ_INDEX, trigger, resample); // assign_irq -> enable_intx
        if (split != null) {
            split.registerLevelIrqEvent(gsi, trigger, resample);
        } else {
            setIrqs.check("KVM_IRQFD with resamplefd", vm.irqfd(trigger, gsi, resample));
        }
    }

    /** {@code enable_intx} / {@code assign_level_platform_irq} + {@code setup_irq_resample}. */
    private void enableLevel(int index, EventFd trigger, EventFd resample) {
        setIrqs.trigger(index, trigger);
        setIrqs.mask(index);
        setIrqs.unmaskEventfd(index, resample);
        setIrqs.unmask(index);
    }

    private String eventName(int index, String what) {
        return device.vfioName() + (device.irqs().size() > 1 ? "." + index : "") + "." + what;
    }
}
