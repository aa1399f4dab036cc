package dev.irqlab.api.controller;

import dev.irqlab.api.hypervisor.ExitCause;

/**
 * Where a virtual controller reports a VM exit caused by the guest's access (an MMIO write to
 * {@code IOWIN} or {@code GICD_ICENABLER}, a LAPIC EOI, a maintenance interrupt). The hypervisor
 * charges it to the vCPU currently running guest code and applies the configured cost.
 */
@FunctionalInterface
public interface ExitSink {

    /**
     * How the detail of an exit taken by the guest kernel's boot-time initialisation of the controller
     * begins ({@code InterruptController.driverInit}: {@code init_IRQ}), so that per-interrupt figures
     * can leave those exits out while totals keep them.
     */
    String BOOT_DETAIL_PREFIX = "init_IRQ: ";

    void exit(ExitCause cause, String detail);

    /**
     * An exit that {@code KVM_RUN} returns to the VMM for ({@code KVM_EXIT_MMIO} of a device the VMM
     * emulates, {@code KVM_EXIT_IOAPIC_EOI}): the hypervisor's cost for {@code cause} plus
     * {@code vmmNs}, the VMM's handling before it re-enters. Sinks that charge no time ignore it.
     */
    default void exitToVmm(ExitCause cause, String detail, long vmmNs) {
        exit(cause, detail);
    }

    /**
     * An exit of vCPU {@code vcpu}, whichever vCPU is running guest code now: a kick
     * (virt/kvm/kvm_main.c {@code kvm_vcpu_kick}: the IPI that forces the target out of guest mode)
     * and the halt of other vCPUs (arch/arm64/kvm/arm.c {@code kvm_arm_halt_guest}) cost the kicked
     * vCPU, and a maintenance interrupt the vCPU whose list registers raised it. The default charges
     * the running vCPU, for sinks that do not tell vCPUs apart.
     */
    default void exit(int vcpu, ExitCause cause, String detail) {
        exit(cause, detail);
    }
}
