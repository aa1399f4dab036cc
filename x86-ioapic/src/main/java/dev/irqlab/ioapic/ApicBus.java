package dev.irqlab.ioapic;

import dev.irqlab.api.controller.CpuIrqLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The local APICs of all CPUs as the IO-APIC reaches them: destination decoding of a redirection
 * entry and the local-APIC registers a kernel reads and writes on the interrupt path.
 *
 * <p>Destinations (Intel SDM Vol. 3A §11.6.2; 82093AA §3.2.4; KVM lapic.c {@code kvm_apic_match_dest}):
 * physical mode, destination = xAPIC ID = CPU number, 0xff broadcast; logical mode in the flat model
 * Linux programs ({@code LDR = 1 << cpu}, CPUs 0..7 only: the flat model has 8 bits), destination =
 * bit mask of CPUs, 0xff broadcast. Up to 255 CPUs (xAPIC IDs 0..254; 0xff is the broadcast), the
 * most an 8-bit IO-APIC destination reaches; the 8-CPU limit of the flat logical model applies only
 * to entries in logical mode (a CPU from 8 up has no flat logical ID). On the physical IO-APIC
 * lowest-priority delivery picks the first matching CPU (TPR is 0 everywhere, so all are equal);
 * KVM's choice is {@link KvmApicDelivery}.
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

    /** The xAPIC broadcast destination (physical and flat logical). */
    static final int BROADCAST = 0xff;
    /** xAPIC IDs 0..254 (0xff is the broadcast). */
    static final int MAX_CPUS = 255;
    /** CPUs with a flat logical ID ({@code LDR} bits 31:24). */
    static final int FLAT_LOGICAL_CPUS = 8;

    private final LocalApic[] apics;

    ApicBus(int cpus, boolean directedEoiSupported) {
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("cpus must be 1.." + MAX_CPUS
                    + " (xAPIC IDs; the x2APIC needed for more is not modelled), got " + cpus);
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

    /**
     * Whether the entry's destination addresses the CPU (lapic.c {@code kvm_apic_match_dest} with no
     * shorthand: {@code kvm_apic_match_physical_addr} / {@code kvm_apic_match_logical_addr}, flat).
     */
    boolean matches(int cpu, RedirectionEntry e) {
        return matches(cpu, e.bits());
    }

    /** {@link #matches(int, RedirectionEntry)} for an entry's raw bits. */
    boolean matches(int cpu, long e) {
        int dest = RedirectionEntry.destination(e);
        if (dest == BROADCAST) {
            return true;
        }
        if (RedirectionEntry.logicalDestination(e)) {
            return cpu < FLAT_LOGICAL_CPUS && (dest & (1 << cpu)) != 0;
        }
        return dest == cpu;
    }

    /** The lowest-numbered CPU the entry (raw bits) addresses, or -1 when it addresses none. */
    int firstMatch(long e) {
        for (int cpu = 0; cpu < apics.length; cpu++) {
            if (matches(cpu, e)) {
                return cpu;
            }
        }
        return -1;
    }

    /** The first CPU the entry (raw bits) addresses, or CPU 0 when it addresses none. */
    int firstTarget(long e) {
        return Math.max(firstMatch(e), 0);
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
