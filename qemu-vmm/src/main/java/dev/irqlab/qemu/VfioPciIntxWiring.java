package dev.irqlab.qemu;

import com.google.inject.Inject;
import com.google.inject.assistedinject.Assisted;
import dev.irqlab.api.Errno;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.VfioIrqSet;

/**
 * QEMU's wiring of a vfio-pci function's INTx into KVM (hw/vfio/pci.c, QEMU 9.x/10.x), done at the
 * device's realize:
 * <ol>
 * <li>{@code vfio_intx_enable}: nothing when the Interrupt Pin is 0 (VFIO reports INTx count 0);
 * otherwise an event notifier becomes the INTx trigger ({@code VFIO_IRQ_SET_ACTION_TRIGGER}), read
 * by QEMU's {@code vfio_intx_interrupt} until KVM takes it over;</li>
 * <li>{@code vfio_intx_enable_kvm}: "get to a known interrupt state" — {@code VFIO_IRQ_SET_ACTION_MASK}
 * — then {@code kvm_irqchip_add_irqfd_notifier_gsi} binds the same notifier as an irqfd on the
 * guest's INTx route with a second notifier as its resamplefd (with {@code kernel-irqchip=split} a
 * plain irqfd on the pin's MSI route, the resamplefd signalled by QEMU's IO-APIC: {@link KvmAccel}),
 * that one becomes VFIO's
 * {@code ACTION_UNMASK} eventfd, and "let'em rip": {@code ACTION_UNMASK}.</li>
 * </ol>
 * The guest reaches the function's BARs directly (mmap), so the guest view is the device itself.
 * QEMU's user-space INTx path (no irqfd or no resamplefd: {@code x-no-kvm-intx}, the BAR-access EOI
 * and the mmap timer) is not modelled yet; asking for it is refused.
 */
final class VfioPciIntxWiring {

    private final Sim sim;
    private final Vm vm;
    private final AssignedDevice device;
    private final QemuConfig config;
    private final KvmAccel accel;

    /** Makes the INTx wiring of one vfio-pci device ({@code -device vfio-pci}). */
    interface Factory {
        VfioPciIntxWiring create(Sim sim, Vm vm, AssignedDevice device, QemuConfig config, KvmAccel accel);
    }

    @Inject
    VfioPciIntxWiring(@Assisted Sim sim, @Assisted Vm vm, @Assisted AssignedDevice device, @Assisted QemuConfig config,
                      @Assisted KvmAccel accel) {
        this.sim = sim;
        this.vm = vm;
        this.device = device;
        this.config = config;
        this.accel = accel;
    }

    Device wire() {
        Forwarder vfio = device.vfio();
        if (device.forwarding() != Forwarding.IRQFD_RESAMPLE) {
            throw new VmmException("device '" + device.name() + "': QEMU's vfio-pci forwards INTx with an irqfd "
                    + "and a resamplefd only (hw/vfio/pci.c vfio_intx_enable_kvm); forwarding "
                    + device.forwarding().label() + " does not exist there; use forwarding: irqfd-resample");
        }
        if (!config.irqfd()) {
            throw new VmmException("device '" + device.name() + "': QEMU's vfio-pci INTx without KVM irqfds (the "
                    + "user-space path, hw/vfio/pci.c vfio_intx_interrupt / vfio_intx_eoi) is not modelled; "
                    + "set vmm.irqfd: true");
        }
        if (vfio.irqInfo(Vfio.PCI_INTX_IRQ_INDEX).count() == 0) {
            return device.device();
        }
        AssignedDevice.AssignedIrq irq = device.irqs().get(0);
        VfioIrqSet setIrqs = new VfioIrqSet(device);
        EventFd interrupt = sim.eventFd(device.vfioName() + ".trigger");
        setIrqs.trigger(Vfio.PCI_INTX_IRQ_INDEX, interrupt);
        setIrqs.mask(Vfio.PCI_INTX_IRQ_INDEX);
        EventFd unmask = sim.eventFd(device.vfioName() + ".unmask");
        // kvm_irqchip_add_irqfd_notifier_gsi: with kernel-irqchip=split a plain irqfd on the pin's MSI
        // route, the resamplefd kept by QEMU for its IO-APIC's EOI broadcast (KvmAccel)
        int r = accel.addIrqfdNotifierGsi(vm, interrupt, unmask, irq.guestPin());
        if (r < 0) {
            throw new VmmException("device '" + device.name() + "': KVM_IRQFD with resamplefd failed with "
                    + Errno.name(r) + "; QEMU's fallback (\"Failed to setup resample irqfd\", user-space INTx) is "
                    + "not modelled");
        }
        setIrqs.unmaskEventfd(Vfio.PCI_INTX_IRQ_INDEX, unmask);
        setIrqs.unmask(Vfio.PCI_INTX_IRQ_INDEX);
        return device.device();
    }
}
