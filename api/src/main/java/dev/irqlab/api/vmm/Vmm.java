package dev.irqlab.api.vmm;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;

/**
 * The user-space VMM (QEMU, crosvm): it creates the VM through the hypervisor, wires each assigned
 * device's VFIO interrupts into the VM, and starts the VM. Everything a VMM decides about
 * interrupt forwarding lives behind this interface: the order of the in-kernel irqchip's
 * initialisation against the irqfd set-up, the event fds per VFIO index, the {@code KVM_IRQFD}
 * flags, what it does when the kernel refuses one (QEMU falls back to user-space injection), and
 * its options (the forced unmask at start).
 *
 * <p>Protocol, once per run and in this order:
 * <ol>
 *   <li>{@link #createVm} once: the VM ({@code KVM_CREATE_VM}, the vCPUs, the in-kernel irqchip the
 *       {@link Machine} names). The runtime then builds the guest kernel on the VM's irqchip and
 *       executor and calls {@link Vm#attachGuest}.</li>
 *   <li>{@link #assign} once per assigned device, after the host side of the device exists (its
 *       host irq mapped, its {@link dev.irqlab.api.forwarder.Forwarder} built): the VMM wires every
 *       VFIO irq index the forwarder reports ({@code VFIO_DEVICE_GET_IRQ_INFO},
 *       {@code KVM_IRQFD}, {@code VFIO_DEVICE_SET_IRQS}). A wiring the models cannot serve throws
 *       {@link VmmException} with a sentence naming the device; nothing of that device is then
 *       wired.</li>
 *   <li>{@link #start} once, after every device: what the VMM does when the machine is complete
 *       (QEMU: its system reset), then, queued at its context's {@link VmmContext#vmStartNs()},
 *       the VM's start (its start-time options, the first {@code KVM_RUN}) and the given guest
 *       boot right after, at that same instant. A start the VMM cannot make throws
 *       {@link VmmException}.</li>
 * </ol>
 * Calls outside this order throw {@link IllegalStateException}. A VMM emits trace events under
 * {@link #name()} only for work the real VMM does at run time; set-up itself is silent.
 */
public interface Vmm {

    /** The component name ("qemu"). */
    String name();

    /** The VM this VMM runs: creates it on the first call; later calls throw. */
    Vm createVm(Machine machine);

    /**
     * Wires one assigned device's interrupts into the VM, every VFIO index of
     * {@link AssignedDevice#vfio()}, and maps its MMIO region into the guest.
     *
     * @return the device as the guest's driver reaches it: {@link AssignedDevice#device()} itself
     *         when the region is mapped straight into the guest, or a view whose register accesses
     *         exit to the VMM when it traps them (QEMU's slow path while it injects from user space)
     * @throws VmmException when the device cannot be wired as the scenario asks (the message names
     *                      the device and the reason, as a sentence for the user)
     */
    Device assign(AssignedDevice device);

    /** Queues the VM's start at {@link VmmContext#vmStartNs()}; {@code guestBoot} runs right after it. */
    void start(Runnable guestBoot);
}
