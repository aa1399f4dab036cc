package dev.irqlab.ioapic;

import dev.irqlab.api.controller.CpuIrqLine;

/**
 * The parts of one local APIC the IO-APIC interrupt path needs: the 256-bit IRR, ISR and TMR,
 * the processor priority, the spurious-interrupt vector register (SPIV) with its
 * "EOI-broadcast suppression" (directed EOI) bit, and the INTR output to the core.
 *
 * <p>Rules (Intel SDM Vol. 3A §11.8 "Handling interrupts" — §11.8.3 priority, §11.8.4 acceptance,
 * §11.8.5 EOI; KVM arch/x86/kvm/lapic.c models the same: {@code __apic_accept_irq},
 * {@code apic_find_highest_irr}, {@code kvm_apic_has_interrupt}, {@code apic_set_eoi}):
 * <ul>
 *   <li>acceptance of a fixed interrupt sets its IRR bit and sets (level) or clears (edge) its TMR
 *       bit; a vector whose IRR bit is already set is not counted twice (one bit per vector);</li>
 *   <li>the highest IRR vector is delivered only if its priority class (vector bits 7:4) is above
 *       the processor-priority class, here the class of the highest in-service vector (TPR is 0,
 *       as Linux leaves it);</li>
 *   <li>acknowledge (INTA) moves that vector from IRR to ISR;</li>
 *   <li>an EOI write clears the highest ISR bit; if that vector's TMR bit is set the local APIC
 *       broadcasts an EOI message to the IO-APICs, unless SPIV bit 12 (directed EOI / EOI-broadcast
 *       suppression, x2APIC) is set.</li>
 * </ul>
 * The TMR bit is left as it was after EOI (the SDM does not clear it; kvm-unit-tests
 * {@code test_ioapic_edge_tmr(true)} relies on a stale level TMR bit).
 */
public final class LocalApic {

    /** SPIV bit 8: APIC software enable. */
    public static final int SPIV_APIC_ENABLED = 1 << 8;
    /** SPIV bit 12: suppress EOI broadcast ("directed EOI"). */
    public static final int SPIV_DIRECTED_EOI = 1 << 12;

    /** What an EOI write did: the vector taken out of service, whether it was level (TMR) and whether it was broadcast. */
    public record Eoi(int vector, boolean level, boolean broadcast) {
        public static final Eoi NONE = new Eoi(-1, false, false);
        /** Every value an EOI of a vector can take, made once: index vector * 4 + level * 2 + broadcast. */
        private static final Eoi[] ALL = new Eoi[256 * 4];

        static {
            for (int i = 0; i < ALL.length; i++) {
                ALL[i] = new Eoi(i >> 2, (i & 2) != 0, (i & 1) != 0);
            }
        }

        /** The EOI of {@code vector} (0..255), without an allocation. */
        static Eoi of(int vector, boolean level, boolean broadcast) {
            return ALL[vector << 2 | (level ? 2 : 0) | (broadcast ? 1 : 0)];
        }

        public boolean none() {
            return vector < 0;
        }
    }

    private final long[] irr = new long[4];
    private final long[] isr = new long[4];
    /** Which 64-bit words of IRR and ISR have a bit set (bit w: word w), kept by every change: the highest bit without a scan. */
    private int irrWords;
    private int isrWords;
    /**
     * The highest vector set in IRR and in ISR, -1 for none, kept by every change: delivery, INTA and
     * EOI read them on each change of either, and a change seldom moves them.
     */
    private int highestIrr = -1;
    private int highestIsr = -1;
    private final long[] tmr = new long[4];
    private final boolean directedEoiSupported;
    /** Linux enables the APIC with spurious vector 0xff: SPIV = 0x1ff (arch/x86/kernel/apic/apic.c setup_local_APIC). */
    private int spiv = SPIV_APIC_ENABLED | 0xff;
    private CpuIrqLine line = asserted -> { };
    private int arbPrio;
    private boolean lineAsserted;

    /**
     * @param directedEoiSupported whether the APIC version register advertises EOI-broadcast suppression
     *                             (LVR bit 24); if not, SPIV bit 12 is not writable
     *                             (kvm lapic.c {@code kvm_lapic_reg_write(APIC_SPIV)} masks it)
     */
    public LocalApic(boolean directedEoiSupported) {
        this.directedEoiSupported = directedEoiSupported;
    }

    void connect(CpuIrqLine cpuLine) {
        this.line = cpuLine;
        lineAsserted = false;
        updateLine();
    }

    /** SDM §11.8.4: accept a fixed interrupt; TMR follows the trigger mode. */
    public void accept(int vector, boolean level) {
        setIrr(vector, true);
        set(tmr, 0, vector, level);
        updateLine();
    }

    /**
     * KVM lapic.c {@code __apic_accept_irq} for an IO-APIC message or IPI ({@code level} = 1): returns 1
     * when accepted, 0 when refused. Lowest priority bumps {@code apic_arb_prio} and then, like fixed,
     * is refused by a local APIC that is disabled (SPIV bit 8 clear: {@code apic_enabled}); else IRR
     * and TMR as {@link #accept}. SMI, NMI, INIT and start-up are accepted (1) whatever SPIV says —
     * their effects on the vCPU (SMM, the NMI handler, reset) are not modelled; ExtINT and the
     * reserved mode 3 are refused (0: "Should only be called by kvm_apic_local_deliver() with LVT0" /
     * "TODO: unsupported delivery mode").
     */
    public int acceptIrq(int deliveryMode, int vector, boolean levelTrigger) {
        switch (deliveryMode) {
            case RedirectionEntry.DELIVERY_LOWEST_PRIORITY:
                arbPrio++; // then as fixed ("fallthrough" in __apic_accept_irq)
                return acceptFixed(vector, levelTrigger);
            case RedirectionEntry.DELIVERY_FIXED:
                return acceptFixed(vector, levelTrigger);
            case RedirectionEntry.DELIVERY_SMI:
            case RedirectionEntry.DELIVERY_NMI:
            case RedirectionEntry.DELIVERY_INIT:
            case RedirectionEntry.DELIVERY_STARTUP:
                return 1;
            default:
                return 0;
        }
    }

    /** {@code __apic_accept_irq}'s fixed case: refused (0) while the APIC is disabled, else IRR/TMR set (1). */
    private int acceptFixed(int vector, boolean levelTrigger) {
        if (!softwareEnabled()) {
            return 0;
        }
        accept(vector, levelTrigger);
        return 1;
    }

    /** SPIV bit 8 (KVM {@code kvm_apic_sw_enabled}). */
    public boolean softwareEnabled() {
        return (spiv & SPIV_APIC_ENABLED) != 0;
    }

    /** {@code vcpu->arch.apic_arb_prio}: lowest-priority interrupts accepted (arbitration without vector hashing). */
    public int arbPrio() {
        return arbPrio;
    }

    /** The vector INTA would return now, or -1. */
    public int deliverable() {
        int v = highestIrr;
        if (v < 0) {
            return -1;
        }
        int isrv = highestIsr;
        int ppr = isrv < 0 ? 0 : isrv & 0xf0;
        return (v & 0xf0) > ppr ? v : -1;
    }

    /** INTA: IRR to ISR for the deliverable vector; -1 if none. */
    public int acknowledge() {
        int v = deliverable();
        if (v < 0) {
            return -1;
        }
        setIrr(v, false);
        setIsr(v, true);
        updateLine();
        return v;
    }

    /** SDM §11.8.5 / lapic.c {@code apic_set_eoi}: retire the highest in-service vector. */
    public Eoi eoi() {
        int v = highestIsr;
        if (v < 0) {
            return Eoi.NONE;
        }
        setIsr(v, false);
        boolean level = test(tmr, v);
        updateLine();
        return Eoi.of(v, level, level && !directedEoi());
    }

    public boolean directedEoi() {
        return (spiv & SPIV_DIRECTED_EOI) != 0;
    }

    public boolean directedEoiSupported() {
        return directedEoiSupported;
    }

    public int spiv() {
        return spiv;
    }

    /** Writes SPIV; returns false when bit 12 was requested but is not writable (it is then dropped). */
    public boolean writeSpiv(int value) {
        int writable = 0x3ff | (directedEoiSupported ? SPIV_DIRECTED_EOI : 0);
        spiv = value & writable;
        return directedEoiSupported || (value & SPIV_DIRECTED_EOI) == 0;
    }

    public boolean irr(int vector) {
        return test(irr, vector);
    }

    /** The highest vector in service, -1 when none is (the one an EOI retires). */
    public int highestInService() {
        return highestIsr;
    }

    /** Vectors {@code 64w..64w+63} set in IRR or ISR ({@code kvm_apic_pending_eoi}, 64 at a time). */
    long pendingWord(int w) {
        return irr[w] | isr[w];
    }

    public boolean isr(int vector) {
        return test(isr, vector);
    }

    public boolean tmr(int vector) {
        return test(tmr, vector);
    }

    /** The 32-bit register IRRn / ISRn / TMRn (n = vector / 32), as {@code apic_read(APIC_TMR + 0x10*n)}. */
    public int irrWord(int n) {
        return word(irr, n);
    }

    public int isrWord(int n) {
        return word(isr, n);
    }

    public int tmrWord(int n) {
        return word(tmr, n);
    }

    public boolean anyInService() {
        return isrWords != 0;
    }

    private void updateLine() {
        boolean want = deliverable() >= 0;
        if (want != lineAsserted) {
            lineAsserted = want;
            line.set(want);
        }
    }

    private void setIrr(int v, boolean value) {
        irrWords = set(irr, irrWords, v, value);
        highestIrr = value ? Math.max(highestIrr, v) : v == highestIrr ? highest(irr, irrWords) : highestIrr;
    }

    private void setIsr(int v, boolean value) {
        isrWords = set(isr, isrWords, v, value);
        highestIsr = value ? Math.max(highestIsr, v) : v == highestIsr ? highest(isr, isrWords) : highestIsr;
    }

    private static int word(long[] bits, int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("APIC register index " + n + " out of 0..7");
        }
        return (int) (bits[n / 2] >>> (32 * (n % 2)));
    }

    private static boolean test(long[] bits, int v) {
        return (bits[v >>> 6] & (1L << (v & 63))) != 0;
    }

    /** Sets bit {@code v}; returns {@code words} (which words have a bit set) updated for word {@code v / 64}. */
    private static int set(long[] bits, int words, int v, boolean value) {
        if (v < 0 || v > 255) {
            throw new IllegalStateException("vector " + v + " out of 0..255");
        }
        int w = v >>> 6;
        if (value) {
            bits[w] |= 1L << (v & 63);
            return words | 1 << w;
        }
        bits[w] &= ~(1L << (v & 63));
        return bits[w] != 0 ? words : words & ~(1 << w);
    }

    /** The highest bit set, -1 for none; {@code words} says which words have one. */
    private static int highest(long[] bits, int words) {
        if (words == 0) {
            return -1;
        }
        int w = Integer.SIZE - 1 - Integer.numberOfLeadingZeros(words);
        return w * 64 + 63 - Long.numberOfLeadingZeros(bits[w]);
    }
}
