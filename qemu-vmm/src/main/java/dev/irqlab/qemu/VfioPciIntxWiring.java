package dev.irqlab.qemu;

import com.google.inject.Inject;
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
 * With {@code x-no-kvm-intx=on} ({@code vmm.kvm-intx: false}) {@code vfio_intx_enable_kvm} returns at
 * once, and when its {@code KVM_IRQFD} fails it puts {@code vfio_intx_interrupt} back and unmasks:
 * either way INTx stays with QEMU's main loop ({@link VfioPciIntxSlowPath}), and the guest's BAR
 * accesses trap whenever an interrupt is pending.
 */
final class VfioPciIntxWiring {

    private final VfioPciIntxSlowPath.Factory slowPaths;
    private final Sim sim;
    private final String vmmName;
    private final Vm vm;
    private final AssignedDevice device;
    private final QemuConfig config;
    private final KvmAccel accel;
    private final PciIntxLines lines;

    /** Makes the INTx wiring of one vfio-pci device ({@code -device vfio-pci}). */
    static final class Factory {
        private final VfioPciIntxSlowPath.Factory slowPaths;

        @Inject
        Factory(VfioPciIntxSlowPath.Factory slowPaths) {
            this.slowPaths = slowPaths;
        }

        VfioPciIntxWiring create(Sim sim, String vmmName, Vm vm, AssignedDevice device, QemuConfig config,
                                 KvmAccel accel, PciIntxLines lines) {
            return new VfioPciIntxWiring(slowPaths, sim, vmmName, vm, device, config, accel, lines);
        }
    }

    /** @param slowPaths QEMU's INTx through its main loop ({@code vfio_intx_interrupt}), {@link VfioPciIntxSlowPath} */
    VfioPciIntxWiring(VfioPciIntxSlowPath.Factory slowPaths, Sim sim, String vmmName, Vm vm, AssignedDevice device,
                      QemuConfig config, KvmAccel accel, PciIntxLines lines) {
        this.slowPaths = slowPaths;
        this.sim = sim;
        this.vmmName = vmmName;
        this.vm = vm;
        this.device = device;
        this.config = config;
        this.accel = accel;
        this.lines = lines;
    }

    Device wire() {
        Forwarder vfio = device.vfio();
        if (device.forwarding() != Forwarding.IRQFD_RESAMPLE) {
            throw new VmmException("device '" + device.name() + "': QEMU's vfio-pci forwards INTx with an irqfd "
                    + "and a resamplefd only (hw/vfio/pci.c vfio_intx_enable_kvm); forwarding "
                    + device.forwarding().label() + " does not exist there; use forwarding: irqfd-resample");
        }
        if (!config.irqfd()) {
            throw new VmmException("device '" + device.name() + "': vmm.irqfd is vfio-platform's x-irqfd; QEMU's "
                    + "vfio-pci takes INTx from user space with x-no-kvm-intx: set vmm.kvm-intx: false");
        }
        if (vfio.irqInfo(Vfio.PCI_INTX_IRQ_INDEX).count() == 0) {
            return device.device();
        }
        int gsi = device.irqs().get(0).guestPin();
        VfioIrqSet setIrqs = new VfioIrqSet(device);
        EventFd interrupt = sim.eventFd(device.vfioName() + ".trigger");
        VfioPciIntxSlowPath slowPath = slowPaths.create(sim, vmmName, vm, device, config, lines);
        slowPath.listen(interrupt, gsi); // qemu_set_fd_handler(fd, vfio_intx_interrupt, NULL, vdev)
        setIrqs.trigger(Vfio.PCI_INTX_IRQ_INDEX, interrupt);
        if (!config.kvmIntx()) {
            return slowPath.guestView(); // vfio_intx_enable_kvm: vdev->no_kvm_intx
        }
        // vfio_intx_enable_kvm
        slowPath.stopListening();
        setIrqs.mask(Vfio.PCI_INTX_IRQ_INDEX);
        EventFd unmask = sim.eventFd(device.vfioName() + ".unmask");
        // kvm_irqchip_add_irqfd_notifier_gsi: with kernel-irqchip=split a plain irqfd on the pin's MSI
        // route, the resamplefd kept by QEMU for its IO-APIC's EOI broadcast (KvmAccel)
        int r = accel.addIrqfdNotifierGsi(vm, interrupt, unmask, gsi);
        if (r < 0) {
            // fail_irqfd, fail: back to vfio_intx_interrupt, then vfio_device_irq_unmask; vfio_intx_enable
            // warns with the error
            sim.trace().kernelMessage(sim.now(), vmmName, "qemu.vfio_intx_enable_kvm_failed",
                    device.vfioName() + " INTx: failed to setup resample irqfd (KVM_IRQFD " + Errno.name(r)
                            + "), INTx through QEMU's main loop");
            slowPath.listen(interrupt, gsi);
            setIrqs.unmaskResult(Vfio.PCI_INTX_IRQ_INDEX);
            return slowPath.guestView();
        }
        setIrqs.unmaskEventfd(Vfio.PCI_INTX_IRQ_INDEX, unmask);
        setIrqs.unmask(Vfio.PCI_INTX_IRQ_INDEX);
        return device.device();
    }
}
