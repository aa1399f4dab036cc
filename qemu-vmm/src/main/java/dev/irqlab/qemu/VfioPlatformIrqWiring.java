package dev.irqlab.qemu;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.VmmException;
import java.util.List;

/**
 * QEMU's wiring of one vfio-platform device's interrupts into KVM (hw/vfio/platform.c
 * {@code vfio_start_irqfd_injection}, per VFIO irq index): a trigger event fd bound to an irqfd on
 * the guest pin and given to VFIO as the trigger and, for an automasked (level) irq, an unmask event
 * fd that is at the same time the irqfd's resamplefd ({@code vfio_set_resample_eventfd}). For
 * {@link Forwarding#HW_MAPPED} it first has the host irq forwarded to the vCPU
 * ({@code irq_set_vcpu_affinity}) and the pin mapped to it ({@code kvm_vgic_map_phys_irq}), as Eric
 * Auger's unmerged KVM-VFIO forwarding series does; that irqfd has no resampler.
 */
final class VfioPlatformIrqWiring {

    private final Sim sim;
    private final Vm vm;
    private final AssignedDevice device;

    VfioPlatformIrqWiring(Sim sim, Vm vm, AssignedDevice device) {
        this.sim = sim;
        this.vm = vm;
        this.device = device;
    }

    /** Wires every VFIO irq index of the device. */
    void wire() {
        Forwarder vfio = device.vfio();
        if (vfio.irqCount() != device.irqs().size()) {
            throw new VmmException("device '" + device.name() + "': VFIO reports " + vfio.irqCount()
                    + " irqs, the scenario wires " + device.irqs().size());
        }
        for (int index = 0; index < vfio.irqCount(); index++) {
            wire(index, device.irqs().get(index));
        }
    }

    private void wire(int index, AssignedDevice.AssignedIrq irq) {
        Forwarder vfio = device.vfio();
        Forwarding mode = device.forwarding();
        if (mode == Forwarding.HW_MAPPED) {
            // irq_set_vcpu_affinity, as KVM does for the interrupts it maps (arch_timer.c
            // kvm_timer_hyp_init): the host EOIs with a priority drop only and leaves the
            // physical interrupt active for the guest (irq-gic-v3.c gic_eoimode1_eoi_irq).
            int r = device.hostController().chip().setForwardedToVcpu(irq.hostHwirq(), true);
            if (r < 0) {
                throw new VmmException("device '" + device.name() + "': forwarding hw-mapped needs a host "
                        + "controller that can leave an interrupt active for a vCPU (GIC in EOImode 1); "
                        + hostControllerFactory() + " says " + Errno.name(r));
            }
        }
        IrqInfo info = vfio.irqInfo(index);
        EventFd trigger = sim.eventFd(fdName(index, "trigger"));
        boolean resample = mode == Forwarding.IRQFD_RESAMPLE;
        if (resample && !info.has(Vfio.IRQ_INFO_AUTOMASKED)) {
            throw new VmmException("device '" + device.name() + "': forwarding irqfd-resample needs an automasked "
                    + "(level) VFIO irq; this one is " + irq.trigger().dtName() + "; use forwarding: irqfd");
        }
        EventFd unmask = resample ? sim.eventFd(fdName(index, "unmask")) : null;
        if (mode == Forwarding.HW_MAPPED) {
            int r = vm.irqchip().mapPhysIrq(irq.guestPin(), device.hostController(), irq.hostHwirq());
            if (r < 0) {
                throw new VmmException("device '" + device.name() + "': forwarding hw-mapped is not supported by "
                        + vm.irqchip().name() + " (" + Errno.name(r) + ")");
            }
        }
        check("KVM_IRQFD", vm.irqfd(trigger, irq.guestPin(), unmask));
        check("VFIO_IRQ_SET_ACTION_TRIGGER", vfio.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER,
                index, 0, 1, new IrqSetData.EventFds(List.of(trigger))));
        if (unmask != null) {
            check("VFIO_IRQ_SET_ACTION_UNMASK", vfio.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_UNMASK,
                    index, 0, 1, new IrqSetData.EventFds(List.of(unmask))));
        }
    }

    /** The host controller's factory name, as messages name it ("host.gicv3" -> "gicv3"). */
    private String hostControllerFactory() {
        String n = device.hostController().name();
        return n.substring(n.indexOf('.') + 1);
    }

    /** {@code <vfio>.<kind>} for a device with one irq, {@code <vfio>.<index>.<kind>} otherwise. */
    private String fdName(int index, String kind) {
        return device.vfioName() + (device.vfio().irqCount() == 1 ? "" : "." + index) + "." + kind;
    }

    private void check(String what, int r) {
        if (r < 0) {
            throw new VmmException("device '" + device.name() + "': " + what + " failed with " + Errno.name(r));
        }
    }
}
