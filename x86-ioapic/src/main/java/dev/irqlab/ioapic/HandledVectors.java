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

    HandledVectors(ApicBus apics, int vcpus) {
        this.apics = apics;
        this.bits = new long[vcpus][4];
    }

    /** A scan starts from an empty set. */
    void clear(int vcpu) {
        Arrays.fill(bits[vcpu], 0);
    }

    /**
     * arch/x86/kvm/irq.c {@code kvm_scan_ioapic_irq} (Linux 6.17): the entry's vector is handled on the
     * vCPU when the entry targets it, or when the vCPU has the vector pending in its IRR or ISR from an
     * earlier routing ({@code kvm_apic_pending_eoi}): its EOI must still reach the IO-APIC.
     */
    void scanEntry(int vcpu, RedirectionEntry entry) {
        int v = entry.vector();
        LocalApic apic = apics.apic(vcpu);
        if (apics.matches(vcpu, entry) || apic.irr(v) || apic.isr(v)) {
            bits[vcpu][v >>> 6] |= 1L << (v & 63);
        }
    }

    boolean contains(int vcpu, int vector) {
        return (bits[vcpu][vector >>> 6] & (1L << (vector & 63))) != 0;
    }
}
