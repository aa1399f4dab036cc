package dev.irqlab.ioapic;

import dev.irqlab.api.controller.CpuIrqLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The local APICs of all CPUs as the IO-APIC reaches them: destination decoding of a redirection
 * entry and the local-APIC registers a kernel reads and writes on the interrupt path.
 *
 * <p>Destinations (Intel SDM Vol. 3A §11.6.2; 82093AA §3.2.4; KVM lapic.c {@code kvm_apic_match_dest}):
 * physical mode, destination = APIC ID = CPU number, 0xff broadcast; logical mode in the flat model
 * Linux programs ({@code LDR = 1 << cpu}), destination = bit mask of CPUs. Lowest-priority delivery
 * picks the first matching CPU (TPR is 0 everywhere, so all are equal; KVM's
 * {@code kvm_apic_compare_prio} tie-break is not modelled).
 */
final class ApicBus {

    /** Local APIC register names accepted by {@link #read}. */
    static final List<String> LAPIC_REGISTERS;

    static {
        List<String> names = new ArrayList<>(List.of("EOI", "SPIV"));
        for (String base : List.of("IRR", "ISR", "TMR")) {
            for (int n = 0; n < 8; n++) {
                names.add(base + n);
            }
        }
        LAPIC_REGISTERS = List.copyOf(names);
    }

    private final LocalApic[] apics;

    ApicBus(int cpus, boolean directedEoiSupported) {
        if (cpus < 1 || cpus > 8) {
            throw new IllegalArgumentException("cpus must be 1..8 for the flat APIC model, got " + cpus);
        }
        apics = new LocalApic[cpus];
        for (int i = 0; i < cpus; i++) {
            apics[i] = new LocalApic(directedEoiSupported);
        }
    }

    int cpus() {
        return apics.length;
    }

    LocalApic apic(int cpu) {
        if (cpu < 0 || cpu >= apics.length) {
            throw new IllegalArgumentException("no CPU " + cpu + "; CPUs are 0.." + (apics.length - 1));
        }
        return apics[cpu];
    }

    void connect(int cpu, CpuIrqLine line) {
        apic(cpu).connect(line);
    }

    /** The CPUs a redirection entry addresses (before the delivery-mode choice). */
    List<Integer> targets(RedirectionEntry e) {
        List<Integer> out = new ArrayList<>();
        int dest = e.destination();
        for (int cpu = 0; cpu < apics.length; cpu++) {
            boolean match = e.logicalDestination() ? (dest & (1 << cpu)) != 0 : dest == 0xff || dest == cpu;
            if (match) {
                out.add(cpu);
            }
        }
        if (e.deliveryMode() == RedirectionEntry.DELIVERY_LOWEST_PRIORITY && out.size() > 1) {
            return List.of(out.get(0));
        }
        return out;
    }

    /** The first CPU the entry addresses, or CPU 0 when it addresses none. */
    int firstTarget(RedirectionEntry e) {
        List<Integer> t = targets(e);
        return t.isEmpty() ? 0 : t.get(0);
    }

    boolean isLapicRegister(String name) {
        return LAPIC_REGISTERS.contains(name);
    }

    /** Reads a local APIC register; "EOI" reads 0. */
    long read(String name, int cpu) {
        LocalApic a = apic(cpu);
        if (name.equals("EOI")) {
            return 0;
        }
        if (name.equals("SPIV")) {
            return a.spiv() & 0xffff_ffffL;
        }
        int n = name.charAt(3) - '0';
        int w;
        switch (name.substring(0, 3)) {
            case "IRR":
                w = a.irrWord(n);
                break;
            case "ISR":
                w = a.isrWord(n);
                break;
            default:
                w = a.tmrWord(n);
                break;
        }
        return w & 0xffff_ffffL;
    }
}
