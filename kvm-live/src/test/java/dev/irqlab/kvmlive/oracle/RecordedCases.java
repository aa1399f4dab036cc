package dev.irqlab.kvmlive.oracle;

import static dev.irqlab.kvmlive.oracle.RecordedCase.KERNEL;

import java.util.List;

/**
 * Shrunk sequences the oracle found where the model disagreed with this machine's KVM, with the
 * kernel's values. The model now agrees on every one: each is a regression test of the rule that
 * was changed for it.
 */
final class RecordedCases {

    private RecordedCases() {
    }

    static Op.SetEntry entry(int pin, int vector, boolean level, int mode, boolean logical, int dest, boolean masked) {
        return new Op.SetEntry(pin, vector, mode, logical, false, level, masked, dest);
    }

    /** Found and fixed in the model. */
    static final List<RecordedCase> FIXED = List.of(
            new RecordedCase("level EOI re-services an edge pin sharing the vector (ASSERT compiled out)", KERNEL, List.of(
                    entry(16, 0x30, false, 0, false, 0xff, true),
                    new Op.Line(17, true),
                    entry(17, 0x30, true, 0, false, 0, false),
                    new Op.Ack(0),
                    new Op.Eoi(0)),
                    null, 0x20000, new long[] {0xff00000000010030L, 0x000000000000c030L, 0x10000L},
                    List.of("IRR {0x30} ISR {} TMR {0x30} SPIV 0x1ff", "IRR {} ISR {} TMR {} SPIV 0x1ff")),
            new RecordedCase("level EOI for an entry rewritten as edge (masked) clears its Remote IRR and goes on", KERNEL, List.of(
                    entry(18, 0x30, true, 0, false, 1, false),
                    entry(17, 0x30, true, 0, false, 0xff, false),
                    new Op.Line(17, true),
                    new Op.Ack(1),
                    entry(17, 0x30, false, 0, true, 0x03, true),
                    new Op.Eoi(1)),
                    null, 0x20000, new long[] {0x10000L, 0x0300000000010830L, 0x0100000000008030L},
                    List.of("IRR {0x30} ISR {} TMR {0x30} SPIV 0x1ff", "IRR {} ISR {} TMR {0x30} SPIV 0x1ff")),
            // ioapic.c kvm_set_ioapic: kvm_make_scan_ioapic_request, so every vCPU rebuilds
            // ioapic_handled_vectors at its next entry and the EOI of the level vector reaches the IO-APIC,
            // which re-services the still-high pin (found after the per-vCPU handled vectors landed)
            new RecordedCase("KVM_SET_IRQCHIP rescans the handled vectors: a level EOI re-services the pin", KERNEL,
                    List.of(entry(16, 0x30, true, 0, false, 0, false),
                            new Op.Line(16, true),
                            new Op.Ack(0),
                            new Op.Eoi(0)),
                    null, 0x10000, new long[] {0x000000000000c030L, 0x10000L, 0x10000L},
                    List.of("IRR {0x30} ISR {} TMR {0x30} SPIV 0x1ff", "IRR {} ISR {} TMR {} SPIV 0x1ff")),
            // lapic.c __apic_accept_irq (APIC_DM_FIXED): if (unlikely(!apic_enabled(apic))) break; result 0,
            // so ioapic_service leaves Remote IRR clear and kvm_set_irq answers 0
            new RecordedCase("a software-disabled local APIC accepts nothing: status 0, Remote IRR clear", KERNEL, List.of(
                    entry(16, 0x30, true, 0, false, 1, false),
                    new Op.Spiv(1, false),
                    new Op.Line(16, true)),
                    0, 0x10000, new long[] {0x0100000000008030L, 0x10000L, 0x10000L},
                    List.of("IRR {} ISR {} TMR {} SPIV 0x1ff", "IRR {} ISR {} TMR {} SPIV 0xff")),
            // lapic.c kvm_irq_delivery_to_apic_fast: with an APIC map a destination that matches no vCPU
            // delivers to nobody with result 0; ioapic_service sets Remote IRR only if (ret && level)
            new RecordedCase("a destination that matches no vCPU: status 0, Remote IRR clear", KERNEL, List.of(
                    entry(18, 0x30, true, 0, true, 0x10, false),
                    new Op.Line(18, true)),
                    0, 0x40000, new long[] {0x10000L, 0x10000L, 0x1000000000008830L},
                    List.of("IRR {} ISR {} TMR {} SPIV 0x1ff", "IRR {} ISR {} TMR {} SPIV 0x1ff")),
            // lapic.c kvm_irq_delivery_to_apic: a physical broadcast (0xff) with lowest priority is delivered
            // as fixed to every vCPU ("apic: phys broadcast and lowest prio")
            new RecordedCase("lowest priority to the physical broadcast: delivered to every vCPU", KERNEL, List.of(
                    new Op.Line(16, true),
                    entry(16, 0x31, false, 1, false, 0xff, false)),
                    null, 0x0, new long[] {0xff00000000000131L, 0x10000L, 0x10000L},
                    List.of("IRR {0x31} ISR {} TMR {} SPIV 0x1ff", "IRR {0x31} ISR {} TMR {} SPIV 0x1ff")));
}
