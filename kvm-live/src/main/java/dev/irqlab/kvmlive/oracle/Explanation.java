package dev.irqlab.kvmlive.oracle;

import java.util.Optional;

/**
 * Disagreements between this machine's KVM and the model whose cause is known, each recorded as a
 * regression test with the kernel's values ({@code KernelRecordedDisagreementsTest}). A shrunk
 * sequence is explained when it contains the step that causes the disagreement: a 1-minimal sequence
 * contains nothing that does not matter.
 */
public enum Explanation {

    /**
     * lapic.c {@code __apic_accept_irq}, APIC_DM_FIXED: {@code if (unlikely(!apic_enabled(apic))) break;}
     * — a software-disabled local APIC (SPIV bit 8 clear) accepts nothing, the result is 0, so
     * {@code ioapic_service} leaves Remote IRR clear and {@code kvm_set_irq} returns 0. The model's
     * {@code LocalApic.accept} ignores SPIV: it sets IRR/TMR, and the IO-APIC sets Remote IRR and returns 1.
     */
    APIC_SOFTWARE_DISABLED("a software-disabled local APIC accepts no interrupt (lapic.c __apic_accept_irq); the model accepts"),

    /**
     * Lowest-priority delivery to several vCPUs. Observed on 6.18.44: to a logical set KVM picks one
     * vCPU by vector hashing (lapic.c {@code kvm_vector_to_index}: vector 0x31 to the second of two),
     * and to the broadcast destination 0xff it delivers to every vCPU ({@code kvm_set_irq} status 2).
     * The model's {@code ApicBus.targets} always picks the first (documented there as not modelled).
     */
    LOWEST_PRIORITY_ARBITRATION("lowest-priority delivery to several vCPUs: KVM hashes the vector (logical set) or"
            + " delivers to all (broadcast 0xff); the model takes the first vCPU"),

    /**
     * lapic.c {@code kvm_irq_delivery_to_apic_fast}: with an APIC map, a destination that matches no
     * vCPU delivers to nobody with result 0 (not -1), so {@code ioapic_service} does not set Remote
     * IRR ({@code if (ret && level)}) and {@code kvm_set_irq} returns 0. The model's
     * {@code deliverToApic} returns -1 and sets Remote IRR.
     */
    NO_DESTINATION("a destination matching no vCPU: KVM returns 0 and leaves Remote IRR clear; the model returns -1 and sets it"),

    /**
     * ioapic.c {@code kvm_ioapic_update_eoi_one}: {@code ASSERT(ent->fields.trig_mode == IOAPIC_LEVEL_TRIG)}
     * is empty without {@code DEBUG} (ioapic.h), so a level EOI (TMR set at acceptance) for an entry
     * rewritten as edge since then clears Remote IRR and re-services the pin. The model throws.
     */
    LEVEL_EOI_FOR_EDGE_ENTRY("a level EOI for an entry rewritten as edge: KVM's ASSERT is compiled out; the model throws");

    private final String summary;

    Explanation(String summary) {
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }

    /** The explanation of a shrunk disagreement, or empty when it is unexplained. */
    public static Optional<Explanation> of(Divergence d) {
        if (d.modelError() != null && d.modelError().contains("level EOI for edge entry")) {
            return Optional.of(LEVEL_EOI_FOR_EDGE_ENTRY);
        }
        for (Op op : d.ops()) {
            if (op instanceof Op.Spiv s && !s.enabled()) {
                return Optional.of(APIC_SOFTWARE_DISABLED);
            }
        }
        for (Op op : d.ops()) {
            if (op instanceof Op.SetEntry e && e.deliveryMode() == 1 && targets(e) > 1) {
                return Optional.of(LOWEST_PRIORITY_ARBITRATION);
            }
        }
        for (Op op : d.ops()) {
            if (op instanceof Op.SetEntry e && targets(e) == 0) {
                return Optional.of(NO_DESTINATION);
            }
        }
        return Optional.empty();
    }

    /** vCPUs (of 2) an entry addresses: physical id or 0xff broadcast, logical flat/cluster-0 bit mask. */
    static int targets(Op.SetEntry e) {
        if (e.logical()) {
            return Integer.bitCount(e.destination() & 0x3);
        }
        return e.destination() == 0xff ? 2 : e.destination() < 2 ? 1 : 0;
    }
}
