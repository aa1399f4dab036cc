package dev.irqlab.kvmlive.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the oracle compares after every step: the step's {@code kvm_set_irq} status (lines only), the
 * IO-APIC {@code irr} and redirection entries as {@code KVM_GET_IRQCHIP} reads them, and every local
 * APIC's IRR/ISR/TMR/SPIV.
 */
// arrays copied in; equals and hashCode compare their contents
@SuppressWarnings("ArrayRecordComponent")
public record Snapshot(Integer status, int irr, long[] entries, List<LapicBits> lapics) {

    public Snapshot {
        entries = entries.clone();
        lapics = List.copyOf(lapics);
    }

    static Snapshot of(IrqchipSubject s, Integer status) {
        List<LapicBits> l = new ArrayList<>();
        for (int v = 0; v < s.vcpus(); v++) {
            l.add(s.lapic(v));
        }
        return new Snapshot(status, s.irr(), s.entries(), l);
    }

    /** The differing fields, one per line ("" when equal). */
    public String differences(Snapshot other, String mine, String theirs) {
        StringBuilder b = new StringBuilder();
        if (!java.util.Objects.equals(status, other.status)) {
            b.append(String.format("  kvm_set_irq status: %s %s, %s %s%n", mine, status, theirs, other.status));
        }
        if (irr != other.irr) {
            b.append(String.format("  IO-APIC irr: %s 0x%06x, %s 0x%06x%n", mine, irr, theirs, other.irr));
        }
        for (int pin = 0; pin < entries.length; pin++) {
            if (entries[pin] != other.entries[pin]) {
                b.append(String.format("  RTE pin %d: %s 0x%016x, %s 0x%016x%n", pin, mine, entries[pin], theirs,
                        other.entries[pin]));
            }
        }
        for (int v = 0; v < lapics.size(); v++) {
            if (!lapics.get(v).equals(other.lapics.get(v))) {
                b.append(String.format("  LAPIC vcpu %d: %s %s%n                %s %s%n", v, mine, lapics.get(v), theirs,
                        other.lapics.get(v)));
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && java.util.Objects.equals(status, s.status) && irr == s.irr
                && Arrays.equals(entries, s.entries) && lapics.equals(s.lapics);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries) + irr + lapics.hashCode();
    }
}
