package dev.irqlab.ioapic;

/**
 * KVM's delivery of an IO-APIC message to the virtual local APICs (arch/x86/kvm/lapic.c, Linux 6.17:
 * {@code kvm_irq_delivery_to_apic}, {@code kvm_irq_delivery_to_apic_fast},
 * {@code kvm_apic_map_get_dest_lapic}, {@code kvm_vector_to_index}, {@code kvm_apic_match_dest},
 * {@code __apic_accept_irq}; irq_comm.c before 6.17). The answer is what {@code ioapic_service}
 * tests: -1 when the slow path matched no vCPU, else the number of vCPUs that accepted (0 when the
 * optimized map found no vCPU or the only one refused).
 *
 * <p>Rules:
 * <ul>
 *   <li>Fast path (the APIC map; every destination but the broadcast 0xff): physical destination =
 *       the xAPIC ID (the vCPU index here), none when above the highest ID; logical destination in
 *       the flat model = the 8-bit mask of LDRs, LDR = {@code 1 << vcpu} for vCPUs 0..7 (Linux's flat
 *       driver; a vCPU from 8 up has no flat logical ID) with software-disabled local APICs left out
 *       of the logical map ({@code kvm_recalculate_logical_map}).</li>
 *   <li>Lowest priority on the fast path with {@code vector_hashing} (the module parameter, default
 *       on): the (vector mod n)-th set bit of the destination bitmap, n = the bits set — including
 *       bits with no local APIC behind them, in which case nothing is delivered
 *       ({@code kvm_apic_disabled_lapic_found}). Without hashing: the lowest {@code apic_arb_prio}
 *       ({@code kvm_apic_compare_prio}), the first on a tie.</li>
 *   <li>Slow path (destination 0xff, {@code kvm_apic_is_broadcast_dest}): a physical broadcast with
 *       lowest priority becomes fixed ("apic: phys broadcast and lowest prio") and goes to every vCPU;
 *       a logical broadcast with lowest priority picks among the software-enabled vCPUs, by
 *       {@code kvm_vector_to_index} over them or by arbitration priority.</li>
 * </ul>
 */
final class KvmApicDelivery {

    private final ApicBus apics;
    private final boolean vectorHashing;
    private final IoApicTrace trace;

    KvmApicDelivery(ApicBus apics, boolean vectorHashing, IoApicTrace trace) {
        this.apics = apics;
        this.vectorHashing = vectorHashing;
        this.trace = trace;
    }

    boolean vectorHashing() {
        return vectorHashing;
    }

    /** lapic.c {@code kvm_irq_delivery_to_apic} for a redirection entry ({@code irqe.level = 1}). */
    int deliver(int pin, long e) {
        if (RedirectionEntry.destination(e) != ApicBus.BROADCAST) {
            return deliverFast(pin, e);
        }
        int mode = RedirectionEntry.deliveryMode(e);
        if (!RedirectionEntry.logicalDestination(e) && mode == RedirectionEntry.DELIVERY_LOWEST_PRIORITY) {
            trace.message("kvm.apic_phys_broadcast_lowest_prio", "apic: phys broadcast and lowest prio");
            mode = RedirectionEntry.DELIVERY_FIXED;
        }
        int r = -1;
        int[] candidates = new int[apics.cpus()];
        int n = 0;
        for (int cpu = 0; cpu < apics.cpus(); cpu++) {
            if (!apics.matches(cpu, e)) {
                continue;
            }
            if (mode != RedirectionEntry.DELIVERY_LOWEST_PRIORITY) {
                r = Math.max(r, 0) + apics.apic(cpu).acceptIrq(mode, RedirectionEntry.vector(e), RedirectionEntry.level(e));
            } else if (apics.apic(cpu).softwareEnabled()) {
                candidates[n++] = cpu;
            }
        }
        if (n > 0) {
            int chosen = vectorHashing ? candidates[RedirectionEntry.vector(e) % n] : lowestArbitration(candidates, n);
            r = apics.apic(chosen).acceptIrq(mode, RedirectionEntry.vector(e), RedirectionEntry.level(e));
        }
        return r;
    }

    /**
     * {@code kvm_irq_delivery_to_apic_fast} with {@code kvm_apic_map_get_dest_lapic}: a destination
     * bitmap whose bit {@code i} stands for the vCPU {@link #vcpuAt} gives, where {@code present} has
     * bit {@code i} set (the map has a local APIC there).
     */
    private int deliverFast(int pin, long e) {
        boolean logical = RedirectionEntry.logicalDestination(e);
        int dest = RedirectionEntry.destination(e);
        int present = present(e);
        int bitmap = logical ? dest & 0xff : present;
        if (RedirectionEntry.deliveryMode(e) == RedirectionEntry.DELIVERY_LOWEST_PRIORITY && bitmap != 0) {
            int lowest;
            if (vectorHashing) {
                lowest = vectorToIndex(RedirectionEntry.vector(e), Integer.bitCount(bitmap), bitmap);
                if ((present & (1 << lowest)) == 0) {
                    trace.message("kvm.apic_disabled_lapic_found", "pin " + pin + ": lowest-priority vector 0x"
                            + Integer.toHexString(RedirectionEntry.vector(e)) + " hashed to logical ID bit " + lowest
                            + ", which no enabled local APIC holds; not delivered");
                    bitmap = 0;
                    lowest = -1;
                }
            } else {
                lowest = -1;
                for (int i = 0; i < 16; i++) {
                    if ((bitmap & present & (1 << i)) != 0 && (lowest < 0
                            || apics.apic(vcpuAt(logical, dest, i)).arbPrio()
                            < apics.apic(vcpuAt(logical, dest, lowest)).arbPrio())) {
                        lowest = i;
                    }
                }
            }
            bitmap = lowest >= 0 ? 1 << lowest : 0;
        }
        if (bitmap == 0) {
            trace.message("kvm.ioapic_no_destination", "pin " + pin + " destination 0x"
                    + Integer.toHexString(RedirectionEntry.destination(e)) + " reaches no vCPU");
        }
        int r = 0;
        for (int i = 0; i < 16; i++) {
            if ((bitmap & present & (1 << i)) != 0) {
                r += apics.apic(vcpuAt(logical, dest, i)).acceptIrq(RedirectionEntry.deliveryMode(e), RedirectionEntry.vector(e), RedirectionEntry.level(e));
            }
        }
        return r;
    }

    /**
     * The bits of the map's destination bitmap that have a local APIC behind them: in physical mode
     * bit 0, when the destination names a vCPU ({@code dest_id > max_apic_id}: none); in flat logical
     * mode bit n for each vCPU n below 8 whose local APIC is software-enabled.
     */
    private int present(long e) {
        if (!RedirectionEntry.logicalDestination(e)) {
            return RedirectionEntry.destination(e) < apics.cpus() ? 1 : 0;
        }
        int present = 0;
        for (int bit = 0; bit < 8; bit++) {
            if (bit < apics.cpus() && apics.apic(bit).softwareEnabled()) {
                present |= 1 << bit;
            }
        }
        return present;
    }

    /** The vCPU behind bit {@code i} of the destination bitmap: the destination itself in physical mode, else i. */
    private static int vcpuAt(boolean logical, int dest, int i) {
        return logical ? i : dest;
    }

    private int lowestArbitration(int[] cpus, int n) {
        int lowest = cpus[0];
        for (int i = 1; i < n; i++) {
            if (apics.apic(cpus[i]).arbPrio() < apics.apic(lowest).arbPrio()) {
                lowest = cpus[i];
            }
        }
        return lowest;
    }

    /** lapic.c {@code kvm_vector_to_index}: the index of the (vector mod n)-th set bit. */
    static int vectorToIndex(int vector, int n, int bitmap) {
        int mod = vector % n;
        int idx = -1;
        for (int i = 0; i <= mod; i++) {
            idx = Integer.numberOfTrailingZeros(bitmap & (-1 << (idx + 1)));
        }
        return idx;
    }
}
