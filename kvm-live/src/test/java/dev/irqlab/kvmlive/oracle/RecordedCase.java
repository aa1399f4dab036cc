package dev.irqlab.kvmlive.oracle;

import java.util.List;

/**
 * One sequence with the state this machine's KVM reached after it, recorded from the kernel.
 *
 * @param name     what it shows
 * @param kernel   the kernel the values come from
 * @param ops      the steps (after the reset state)
 * @param status   {@code KVM_IRQ_LINE_STATUS} of the last step, or null when it is not a line change
 * @param irr      IO-APIC irr from {@code KVM_GET_IRQCHIP}
 * @param entries  redirection entries of pins 16, 17, 18
 * @param lapics   per vCPU, {@link LapicBits#toString()} of {@code KVM_GET_LAPIC}
 */
// constant recorded values, compared field by field in differences(), never with equals
@SuppressWarnings("ArrayRecordComponent")
record RecordedCase(String name, String kernel, List<Op> ops, Integer status, int irr, long[] entries, List<String> lapics) {

    static final String KERNEL = "6.18.44-fc-v782 (kvm_pvm)";

    /** The differences between a subject's state and the recorded one, "" when equal. */
    String differences(Snapshot s) {
        StringBuilder b = new StringBuilder();
        if (!java.util.Objects.equals(status, s.status())) {
            b.append("status kernel ").append(status).append(" got ").append(s.status()).append('\n');
        }
        if (irr != s.irr()) {
            b.append(String.format("irr kernel 0x%x got 0x%x%n", irr, s.irr()));
        }
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != s.entries()[16 + i]) {
                b.append(String.format("RTE pin %d kernel 0x%016x got 0x%016x%n", 16 + i, entries[i], s.entries()[16 + i]));
            }
        }
        for (int v = 0; v < lapics.size(); v++) {
            if (!lapics.get(v).equals(s.lapics().get(v).toString())) {
                b.append("vcpu ").append(v).append(" kernel ").append(lapics.get(v)).append(" got ")
                        .append(s.lapics().get(v)).append('\n');
            }
        }
        return b.toString();
    }

    /** The state after running the steps on a subject loaded with KVM's reset state. */
    Snapshot runOn(IrqchipSubject s, long[] resetEntries) {
        s.setIoapic(resetEntries, 0);
        Integer last = null;
        for (Op op : ops) {
            last = op.applyTo(s);
        }
        return Snapshot.of(s, last);
    }

    /** KVM's reset table: every entry masked, all else 0 (ioapic.c {@code kvm_ioapic_reset}). */
    static long[] kvmResetEntries() {
        long[] t = new long[24];
        java.util.Arrays.fill(t, 1L << 16);
        return t;
    }
}
