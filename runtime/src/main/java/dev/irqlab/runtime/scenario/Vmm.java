package dev.irqlab.runtime.scenario;

/**
 * What the VMM (QEMU, crosvm) does around the VM's start.
 *
 * @param vmStartNs          when the VMM starts the VM: the virtual interrupt controller's final
 *                           initialisation (arm64 {@code KVM_DEV_ARM_VGIC_CTRL_INIT}) and the first
 *                           {@code KVM_RUN}, after which the guest boots and its drivers probe. The
 *                           host side (devices, vfio, irqfds) is set up at time 0, before it.
 * @param forceUnmaskAtStart one forced VFIO unmask ({@code VFIO_IRQ_SET_ACTION_UNMASK}) when the VM
 *                           starts: Micah Morton's workaround for a first interrupt missed by the VM
 */
public record Vmm(long vmStartNs, boolean forceUnmaskAtStart) {
    public static final Vmm DEFAULT = new Vmm(0, false);
}
