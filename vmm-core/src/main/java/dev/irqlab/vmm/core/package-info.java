/**
 * What the VMM models (QEMU, crosvm, cloud-hypervisor) share where the real VMMs do the same thing: the
 * order of a VM's creation and start ({@link dev.irqlab.vmm.core.AbstractVmm}), {@code VFIO_DEVICE_SET_IRQS}
 * on an assigned device ({@link dev.irqlab.vmm.core.VfioIrqSet}), a device region whose accesses trap to
 * the VMM ({@link dev.irqlab.vmm.core.TrappedRegion}) and the register layout and entry tracing of a
 * user-space IO-APIC ({@link dev.irqlab.vmm.core.AbstractUserspaceIoApic}). What a VMM decides — when a
 * pin is serviced, what an EOI does, which eventfds it binds — stays in its own module, cited to its source.
 */
package dev.irqlab.vmm.core;
