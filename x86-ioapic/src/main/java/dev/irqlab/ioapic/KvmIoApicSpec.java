package dev.irqlab.ioapic;

/**
 * What KVM's in-kernel IO-APIC of one run is configured with (the release, the fixes the scenario
 * selects, the host's and kvm.ko's parameters): the values its {@link KvmIoApic.Factory} takes besides
 * the simulation, the name, the vCPU count and the exit sink.
 *
 * @param resampleOnUnmask fef8f2b90edb behaviour (Linux 6.3+)
 * @param ackPendingFix    the RFC's {@code ack_pending} postponement
 * @param apicv            APICv/AVIC: only EOIs of vectors in the EOI-exit bitmap exit (else every EOI exits)
 * @param eoiInjectDelayNs {@code HZ / 100} jiffies of the host: delay of the storm-throttled re-injection
 * @param vectorHashing    kvm.ko {@code vector_hashing} (lowest-priority target by vector)
 * @param eoiAtDelivery    the {@code kvm_pvm} delivery variant ({@code pvm_deliver_pending_event} writes APIC_EOI)
 * @param rescanStaleEoi   Linux 6.15+: the EOI of a vector handled only for an earlier routing rescans the vCPU
 *                         ({@link HandledVectors#staleEoi})
 */
public record KvmIoApicSpec(boolean resampleOnUnmask, boolean ackPendingFix, boolean apicv, long eoiInjectDelayNs,
                            boolean vectorHashing, boolean eoiAtDelivery, boolean rescanStaleEoi) {
}
