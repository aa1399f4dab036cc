package dev.irqlab.ioapic;

import java.util.Arrays;

/**
 * Each vCPU's {@code vcpu->arch.ioapic_handled_vectors} (arch/x86/kvm): the vectors whose EOI KVM
 * must see, the EOI-exit bitmap with APICv. A vCPU's set is rebuilt by a scan
 * ({@code vcpu_scan_ioapic}); the in-kernel IO-APIC ({@code kvm_ioapic_scan_entry}) and the split
 * irqchip ({@code kvm_scan_ioapic_routes}) choose the entries, {@link #scanEntry} adds one.
 */
final class HandledVectors {

    private final ApicBus apics;
    private final long[][] bits;
    /** Linux 6.15+: the stale vector's EOI rescans ({@code highest_stale_pending_ioapic_eoi}). */
    private final boolean rescanStaleEoi;
    /** {@code vcpu->arch.highest_stale_pending_ioapic_eoi}: -1 for none. */
    private final int[] highestStale;
    /** Per vCPU, the vectors of the entries last given to {@link #addRoute} whose destination matches it. */
    private final long[][] targeted;
    /** Per vCPU, the vectors of those entries whose destination does not match it. */
    private final long[][] others;

    /**
     * @param rescanStaleEoi Linux 6.15's "Rescan I/O APIC routes after EOI interception for old
     *                       routing": the vCPU tracks the highest vector it handles only for an earlier
     *                       routing, and its EOI makes the vCPU rescan ({@link #staleEoi})
     */
    HandledVectors(ApicBus apics, int vcpus, boolean rescanStaleEoi) {
        this.apics = apics;
        this.bits = new long[vcpus][4];
        this.rescanStaleEoi = rescanStaleEoi;
        this.highestStale = new int[vcpus];
        Arrays.fill(highestStale, -1);
        this.targeted = new long[vcpus][4];
        this.others = new long[vcpus][4];
    }

    /**
     * A scan starts from an empty set (x86.c {@code vcpu_scan_ioapic}: {@code bitmap_zero}, and from
     * 6.15 {@code highest_stale_pending_ioapic_eoi = -1}).
     */
    void clear(int vcpu) {
        Arrays.fill(bits[vcpu], 0);
        highestStale[vcpu] = -1;
    }

    /**
     * arch/x86/kvm/irq.c {@code kvm_scan_ioapic_irq} (Linux 6.17; the in-kernel IO-APIC's
     * {@code kvm_ioapic_scan_entry} calls it too since 6.15): the entry's vector is handled on the vCPU
     * when the entry targets it, or when the vCPU has the vector pending in its IRR or ISR from an
     * earlier routing ({@code kvm_apic_pending_eoi}): its EOI must still reach the IO-APIC. From 6.15 the
     * highest such stale vector is remembered.
     */
    void scanEntry(int vcpu, RedirectionEntry entry) {
        int v = entry.vector();
        LocalApic apic = apics.apic(vcpu);
        if (apics.matches(vcpu, entry)) {
            bits[vcpu][v >>> 6] |= 1L << (v & 63);
        } else if (apic.irr(v) || apic.isr(v)) {
            bits[vcpu][v >>> 6] |= 1L << (v & 63);
            if (rescanStaleEoi && v > highestStale[vcpu]) {
                highestStale[vcpu] = v;
            }
        }
    }

    /** Forgets the entries given to {@link #addRoute}, before they are given again. */
    void clearRoutes() {
        for (int vcpu = 0; vcpu < bits.length; vcpu++) {
            Arrays.fill(targeted[vcpu], 0);
            Arrays.fill(others[vcpu], 0);
        }
    }

    /** One entry a scan takes ({@link #scanEntry}'s), noted for every vCPU by whether it targets the vCPU. */
    void addRoute(long entry) {
        int v = RedirectionEntry.vector(entry);
        for (int vcpu = 0; vcpu < bits.length; vcpu++) {
            long[] into = apics.matches(vcpu, entry) ? targeted[vcpu] : others[vcpu];
            into[v >>> 6] |= 1L << (v & 63);
        }
    }

    /**
     * A whole scan of the vCPU over the entries given to {@link #addRoute}: the same set as
     * {@link #clear} and then {@link #scanEntry} for each of those entries, 64 vectors at a time. An
     * entry adds its vector when it targets the vCPU, or when it does not and the vector is pending in
     * IRR or ISR; the highest vector added the second way is the stale one. Those are the vectors of
     * the entries that target it, and the pending ones among the vectors of the others.
     */
    void scan(int vcpu) {
        LocalApic apic = apics.apic(vcpu);
        long[] set = bits[vcpu];
        int stale = -1;
        for (int w = 0; w < set.length; w++) {
            long pendingElsewhere = others[vcpu][w] & apic.pendingWord(w);
            set[w] = targeted[vcpu][w] | pendingElsewhere;
            if (pendingElsewhere != 0) {
                stale = w * 64 + 63 - Long.numberOfLeadingZeros(pendingElsewhere);
            }
        }
        highestStale[vcpu] = rescanStaleEoi ? stale : -1;
    }

    /**
     * lapic.c {@code kvm_ioapic_send_eoi} (Linux 6.15+): an intercepted EOI of the vCPU's
     * {@code highest_stale_pending_ioapic_eoi} requests {@code KVM_REQ_SCAN_IOAPIC} for it, so that the
     * vector, no longer pending, stops being intercepted; always false before 6.15, where the vector
     * stays in the set until some other change rescans the vCPU.
     */
    boolean staleEoi(int vcpu, int vector) {
        return rescanStaleEoi && highestStale[vcpu] == vector;
    }

    boolean contains(int vcpu, int vector) {
        return (bits[vcpu][vector >>> 6] & (1L << (vector & 63))) != 0;
    }
}
