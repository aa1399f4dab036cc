package dev.irqlab.api.controller;

import dev.irqlab.api.hypervisor.ExitCause;

/**
 * Where a virtual controller reports a VM exit caused by the guest's access (an MMIO write to
 * {@code IOWIN} or {@code GICD_ICENABLER}, a LAPIC EOI, a maintenance interrupt). The hypervisor
 * charges it to the vCPU currently running guest code and applies the configured cost.
 */
@FunctionalInterface
public interface ExitSink {

    void exit(ExitCause cause, String detail);

    /**
     * An exit taken by the guest kernel's boot-time initialisation of the controller
     * ({@code InterruptController.driverInit}: init/main.c {@code start_kernel} -> {@code init_IRQ}),
     * marked as such ({@code VmExit.boot}) so that per-interrupt figures can leave it out while totals
     * keep it. The default reports it as any other exit, for sinks that do not tell boot from run.
     */
    default void bootExit(ExitCause cause, String detail) {
        exit(cause, detail);
    }

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

    /**
     * virt/kvm/kvm_main.c {@code kvm_vcpu_kick} of vCPU {@code vcpu} after a request
     * ({@code KVM_REQ_IRQ_PENDING}, {@code KVM_REQ_SLEEP}): only a vCPU in guest mode is sent the IPI
     * ({@code kvm_arch_vcpu_should_kick}: {@code kvm_vcpu_exiting_guest_mode(vcpu) == IN_GUEST_MODE},
     * arm64 arm.c), which forces it out, an {@link ExitCause#EXTERNAL_INTERRUPT} exit charged to it; a
     * vCPU outside guest mode (halted, or in the host handling an exit) sees the request at its next
     * entry, and a halted one is woken without an exit. True when the kick caused an exit. The default
     * takes every kicked vCPU to be in guest mode, for sinks that do not follow guest mode.
     */
    default boolean kick(int vcpu, String detail) {
        exit(vcpu, ExitCause.EXTERNAL_INTERRUPT, detail);
        return true;
    }

    /**
     * The vCPU whose guest code is running now (the one a trapped access comes from), or -1 when none
     * is or the sink does not know.
     */
    default int runningVcpu() {
        return -1;
    }

    /**
     * A trapped access's exit, reported as {@link #exit(ExitCause, String)} or, with {@code boot}, as
     * {@link #bootExit}, answering {@link #runningVcpu()} as it was before the exit: the access's vCPU
     * and its exit in one call (a guest's GIC boot makes hundreds). The default makes the calls.
     */
    default int runningExit(ExitCause cause, String detail, boolean boot) {
        int running = runningVcpu();
        if (boot) {
            bootExit(cause, detail);
        } else {
            exit(cause, detail);
        }
        return running;
    }
}
