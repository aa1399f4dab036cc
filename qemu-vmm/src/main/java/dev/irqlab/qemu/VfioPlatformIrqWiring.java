package dev.irqlab.qemu;

import com.google.inject.Inject;
import dev.irqlab.api.Errno;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.VfioIrqSet;

/**
 * QEMU's wiring of one vfio-platform device's interrupts into KVM, per VFIO irq index
 * (hw/vfio/platform.c {@code vfio_start_irqfd_injection}): a trigger event fd bound to an irqfd on
 * the guest pin ({@code kvm_irqchip_add_irqfd_notifier}) and given to VFIO as the trigger and, for
 * an automasked (level) irq, an unmask event fd that is at the same time the irqfd's resamplefd
 * ({@code vfio_set_resample_eventfd}). When irqfds are not allowed ({@code x-irqfd=off}) or
 * {@code KVM_IRQFD} fails ({@code -EAGAIN} before the vGIC is initialised, virt/kvm/eventfd.c
 * {@code kvm_irqfd_assign}), QEMU falls back to injecting from user space
 * ({@code vfio_start_eventfd_injection}, {@link VfioPlatformEventfdInjection}). A VFIO error after
 * a successful irqfd aborts QEMU ({@code fail_vfio: abort()}), here a {@link VmmException}.
 *
 * <p>For {@link Forwarding#HW_MAPPED} it first has the host irq forwarded to the vCPU
 * ({@code irq_set_vcpu_affinity}) and the pin mapped to it ({@code kvm_vgic_map_phys_irq}), as Eric
 * Auger's unmerged KVM-VFIO forwarding series does; that irqfd has no resampler and no fallback.
 */
final class VfioPlatformIrqWiring {

    private final VfioPlatformEventfdInjection.Factory userSpaceInjections;
    private final Sim sim;
    private final String vmmName;
    private final Vm vm;
    private final AssignedDevice device;
    private final QemuConfig config;
    private VfioPlatformEventfdInjection userSpace;

    /** Makes the irq wiring of one vfio-platform device ({@code -device vfio-platform}). */
    static final class Factory {
        private final VfioPlatformEventfdInjection.Factory userSpaceInjections;

        @Inject
        Factory(VfioPlatformEventfdInjection.Factory userSpaceInjections) {
            this.userSpaceInjections = userSpaceInjections;
        }

        VfioPlatformIrqWiring create(Sim sim, String vmmName, Vm vm, AssignedDevice device, QemuConfig config) {
            return new VfioPlatformIrqWiring(userSpaceInjections, sim, vmmName, vm, device, config);
        }
    }

    /** @param userSpaceInjections the user-space fallback ({@code vfio_start_eventfd_injection}) */
    VfioPlatformIrqWiring(VfioPlatformEventfdInjection.Factory userSpaceInjections, Sim sim, String vmmName, Vm vm,
                          AssignedDevice device, QemuConfig config) {
        this.userSpaceInjections = userSpaceInjections;
        this.sim = sim;
        this.vmmName = vmmName;
        this.vm = vm;
        this.device = device;
        this.config = config;
    }

    /** Wires every VFIO irq index of the device; returns the device as the guest reaches it. */
    Device wire() {
        Forwarder vfio = device.vfio();
        if (vfio.irqCount() != device.irqs().size()) {
            throw new VmmException("device '" + device.name() + "': VFIO reports " + vfio.irqCount()
                    + " irqs, the scenario wires " + device.irqs().size());
        }
        for (int index = 0; index < vfio.irqCount(); index++) {
            wire(index, device.irqs().get(index));
        }
        return userSpace == null ? device.device() : userSpace.guestView();
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
        int irqfd = config.irqfd() ? vm.irqfd(trigger, irq.guestPin(), unmask) : -Errno.EPERM;
        if (irqfd < 0) {
            if (mode == Forwarding.HW_MAPPED) {
                new VfioIrqSet(device).check("KVM_IRQFD", irqfd);
            }
            // fail_irqfd: vfio_start_eventfd_injection
            sim.trace().kernelMessage(sim.now(), vmmName, "qemu.eventfd_injection",
                    device.vfioName() + " irq " + index + ": " + (config.irqfd() ? "KVM_IRQFD failed with "
                            + Errno.name(irqfd) : "x-irqfd=off") + ", injecting from user space "
                            + "(vfio_start_eventfd_injection)");
            userSpace().start(index, irq.guestPin(), info.has(Vfio.IRQ_INFO_AUTOMASKED), trigger);
            return;
        }
        VfioIrqSet setIrqs = new VfioIrqSet(device);
        setIrqs.trigger(index, trigger);
        if (unmask != null) {
            setIrqs.unmaskEventfd(index, unmask); // vfio_set_resample_eventfd
        }
    }

    private VfioPlatformEventfdInjection userSpace() {
        if (userSpace == null) {
            userSpace = userSpaceInjections.create(sim, vmmName, vm, device, config);
        }
        return userSpace;
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
}
