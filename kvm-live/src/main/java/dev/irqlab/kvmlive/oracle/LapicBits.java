package dev.irqlab.kvmlive.oracle;

import java.util.Arrays;

/** A local APIC's IRR, ISR and TMR (256 bits each, vector {@code v} at word {@code v/64}, bit {@code v%64}) and SPIV. */
// arrays copied in; equals and hashCode compare their contents
@SuppressWarnings("ArrayRecordComponent")
public record LapicBits(long[] irr, long[] isr, long[] tmr, int spiv) {

    public LapicBits {
        irr = irr.clone();
        isr = isr.clone();
        tmr = tmr.clone();
    }

    /** From the register page of {@code KVM_GET_LAPIC}: ISR at 0x100, TMR at 0x180, IRR at 0x200 (eight 32-bit words, 16 bytes apart). */
    static LapicBits fromRegisterPage(byte[] regs) {
        return new LapicBits(bits(regs, 0x200), bits(regs, 0x100), bits(regs, 0x180), word(regs, 0xf0));
    }

    static long[] bits(byte[] regs, int base) {
        long[] out = new long[4];
        for (int n = 0; n < 8; n++) {
            long w = word(regs, base + 0x10 * n) & 0xffff_ffffL;
            out[n / 2] |= w << (32 * (n % 2));
        }
        return out;
    }

    static int word(byte[] regs, int off) {
        return (regs[off] & 0xff) | (regs[off + 1] & 0xff) << 8 | (regs[off + 2] & 0xff) << 16 | (regs[off + 3] & 0xff) << 24;
    }

    static void putWord(byte[] regs, int off, int v) {
        regs[off] = (byte) v;
        regs[off + 1] = (byte) (v >>> 8);
        regs[off + 2] = (byte) (v >>> 16);
        regs[off + 3] = (byte) (v >>> 24);
    }

    static boolean test(long[] bits, int v) {
        return (bits[v >>> 6] & (1L << (v & 63))) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LapicBits l && Arrays.equals(irr, l.irr) && Arrays.equals(isr, l.isr)
                && Arrays.equals(tmr, l.tmr) && spiv == l.spiv;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(irr) * 31 + Arrays.hashCode(isr) * 7 + Arrays.hashCode(tmr) + spiv;
    }

    @Override
    public String toString() {
        return "IRR " + vectors(irr) + " ISR " + vectors(isr) + " TMR " + vectors(tmr) + " SPIV 0x" + Integer.toHexString(spiv);
    }

    private static String vectors(long[] bits) {
        StringBuilder b = new StringBuilder("{");
        for (int v = 0; v < 256; v++) {
            if (test(bits, v)) {
                b.append(b.length() > 1 ? "," : "").append(String.format("0x%02x", v));
            }
        }
        return b.append('}').toString();
    }
}
