package dev.irqlab.gic.kvm;

/**
 * What a VM's vGIC is configured with ({@code KVM_CREATE_DEVICE}, plus the release and the fixes
 * the scenario selects): the values of one run that its {@link Vgic.Factory} takes besides the
 * simulation, the name and the exit sink. The number of SPIs is the VMM's to set
 * ({@link Vgic#setNrIrqs}) before it initialises the vGIC.
 *
 * @param release          the upstream release whose vGIC is modelled
 * @param vcpus            number of vCPUs
 * @param listRegisters    list registers per vCPU ({@code ICH_VTR_EL2.ListRegs} + 1)
 * @param guestEoiMode     the EOImode the guest programs (a Linux guest at EL1: 0)
 * @param maskNotifiers    fire mask notifiers on guest enable changes (not upstream)
 * @param resampleOnEnable the {@code vgic-resample-on-enable} fix
 * @param resampleRule     the order and window of that fix's two steps
 */
public record VgicSpec(KvmRelease release, int vcpus, int listRegisters, int guestEoiMode,
                       boolean maskNotifiers, boolean resampleOnEnable, ResampleOnEnable resampleRule) {
}
