package dev.irqlab.ioapic;

import java.util.function.IntFunction;

/**
 * The IO-APIC's indirectly addressed registers, as the physical IO-APIC and KVM's model share them:
 * IOREGSEL, ID, version, arbitration ID and the redirection table IOREDTBL[pins].
 *
 * <p>Rules (82093AA datasheet §3.2; arch/x86/kvm/ioapic.c {@code ioapic_read_indirect},
 * {@code ioapic_write_indirect}):
 * <ul>
 *   <li>IOREGSEL is an 8-bit register; IOWIN reads/writes the 32 bits it selects. Index 0 ID (bits
 *       27:24 writable), 1 version (RO: max redirection entry in bits 23:16, version in 7:0), 2
 *       arbitration ID (RO, follows ID), 0x10+2n / 0x11+2n the low / high dword of IOREDTBLn. A read
 *       of any other index returns all ones.</li>
 *   <li>Delivery status and Remote IRR are read-only ({@link RedirectionEntry#writeDword}).</li>
 *   <li>Writing an entry as edge clears Remote IRR (ioapic.c: "Some OSes (Linux, Xen) assume that
 *       Remote IRR bit will be cleared by IOAPIC hardware when the entry is configured as
 *       edge-triggered."; Linux's {@code __eoi_ioapic_pin} relies on it for IO-APICs older than 0x20).</li>
 * </ul>
 * What follows an entry write (re-evaluating the pin, KVM's notifiers) is the owner's
 * {@link EntryWritten}.
 */
final class RedirectionTable implements IoApicInfo {

    /** What the owning IO-APIC does after an IOREDTBL dword write, once the shared rules above have run. */
    @FunctionalInterface
    interface EntryWritten {
        void written(int pin, long before);
    }

    /** The entry bits that change as interrupts come and go: mask, Remote IRR, delivery status. */
    private static final long FLIPPED_PER_INTERRUPT = 1L << RedirectionEntry.MASK_BIT
            | 1L << RedirectionEntry.REMOTE_IRR_BIT | 1L << RedirectionEntry.DELIVERY_STATUS_BIT;

    private final int version;
    private final ApicBus apics;
    private final IoApicTrace trace;
    private final EntryWritten entryWritten;
    /** IOREDTBL: each entry's raw 64 bits. */
    private final long[] rte;
    /** Per vector, the pins whose entry holds it (bit n: pin n), kept with {@link #rte}: EOI and INTA walk no pins. */
    private final int[] pinsByVector = new int[256];
    /** Changes of any entry bit but mask, Remote IRR and delivery status (see {@link #layoutChanges}). */
    private long layoutChanges;
    /** The CPU that acknowledged each pin's vector last (Linux runs the flow handler there), -1 before any. */
    private final int[] lastAckCpu;
    private int ioregsel;
    private int id;

    /** Every entry starts as {@code reset} gives it for its pin. */
    RedirectionTable(int pins, int version, ApicBus apics, IoApicTrace trace, IntFunction<RedirectionEntry> reset,
                     EntryWritten entryWritten) {
        if (pins > Integer.SIZE) {
            throw new IllegalArgumentException("an IO-APIC here has at most " + Integer.SIZE + " pins, got " + pins);
        }
        this.version = version;
        this.apics = apics;
        this.trace = trace;
        this.entryWritten = entryWritten;
        this.rte = new long[pins];
        this.lastAckCpu = new int[pins];
        for (int pin = 0; pin < pins; pin++) {
            rte[pin] = reset.apply(pin).bits();
            pinsByVector[RedirectionEntry.vector(rte[pin])] |= 1 << pin;
            lastAckCpu[pin] = -1;
        }
    }

    @Override
    public int pins() {
        return rte.length;
    }

    /** The version register's version field. */
    @Override
    public int version() {
        return version;
    }

    RedirectionEntry entry(int pin) {
        return new RedirectionEntry(rte[pin]);
    }

    /** The entry's raw bits (decoded with {@link RedirectionEntry}'s static field readers). */
    long bits(int pin) {
        return rte[pin];
    }

    /**
     * The lowest pin from {@code from} on whose entry holds {@code vector} (0..255) now, or -1: a walk
     * {@code for (p = next(v, 0); p >= 0; p = next(v, p + 1))} visits the pins a walk over every pin
     * testing {@code entry(p).vector() == v} would, even when an entry changes during the walk.
     */
    int nextPinWithVector(int vector, int from) {
        int pins = from >= Integer.SIZE ? 0 : pinsByVector[vector] & (-1 << from);
        return pins == 0 ? -1 : Integer.numberOfTrailingZeros(pins);
    }

    /**
     * How many entry writes so far changed a bit other than mask, Remote IRR and delivery status (the
     * bits every interrupt flips): while it stays the same, every entry's vector, trigger mode,
     * polarity, delivery mode and destination are what they were.
     */
    long layoutChanges() {
        return layoutChanges;
    }

    int ioregsel() {
        return ioregsel;
    }

    /** An IOREGSEL write ("8-bit register"). */
    void select(int value) {
        ioregsel = value & 0xff;
    }

    /** An IOWIN read. */
    int read() {
        switch (ioregsel) {
            case 0x00:
            case 0x02:
                return id << 24;
            case 0x01:
                return (pins() - 1) << 16 | version;
            default:
                int pin = (ioregsel - 0x10) >> 1;
                if (ioregsel < 0x10 || pin >= pins()) {
                    return 0xffff_ffff;
                }
                return (int) ((ioregsel & 1) != 0 ? rte[pin] >>> 32 : rte[pin]);
        }
    }

    /** An IOWIN write; false if IOREGSEL selects no register (the write does nothing). */
    boolean write(int value) {
        switch (ioregsel) {
            case 0x00:
                id = (value >>> 24) & 0xf;
                return true;
            case 0x01:
            case 0x02:
                return true; // version, arbitration: read-only
            default:
                int pin = (ioregsel - 0x10) >> 1;
                if (ioregsel < 0x10 || pin >= pins()) {
                    return false;
                }
                writeEntry(pin, (ioregsel & 1) != 0, value);
                return true;
        }
    }

    private void writeEntry(int pin, boolean high, int value) {
        long before = rte[pin];
        long after = RedirectionEntry.dwordWritten(before, high, value);
        put(pin, after);
        if (!RedirectionEntry.level(after) && RedirectionEntry.remoteIrr(after)) {
            setRemoteIrr(pin, false, "RTE written as edge");
        }
        boolean masked = RedirectionEntry.masked(after);
        if (RedirectionEntry.masked(before) != masked) {
            trace.emit(pin, IoApicTrace.MASKED, IoApicTrace.bit(!masked), IoApicTrace.bit(masked), "IOWIN write");
        }
        entryWritten.written(pin, before);
    }

    /** A whole entry loaded by the VMM ({@code KVM_SET_IRQCHIP}): no read-only bit preserved, no owner rule run. */
    void load(int pin, RedirectionEntry entry, String cause) {
        RedirectionEntry before = entry(pin);
        put(pin, entry.bits());
        if (before.masked() != entry.masked()) {
            trace.emit(pin, IoApicTrace.MASKED, IoApicTrace.bit(before.masked()), IoApicTrace.bit(entry.masked()), cause);
        }
        if (before.remoteIrr() != entry.remoteIrr()) {
            trace.emit(pin, IoApicTrace.REMOTE_IRR, IoApicTrace.bit(before.remoteIrr()), IoApicTrace.bit(entry.remoteIrr()), cause);
        }
    }

    void setRemoteIrr(int pin, boolean value, String cause) {
        boolean old = RedirectionEntry.remoteIrr(rte[pin]);
        if (old != value) {
            put(pin, RedirectionEntry.withBit(rte[pin], RedirectionEntry.REMOTE_IRR_BIT, value));
            trace.emit(pin, IoApicTrace.REMOTE_IRR, IoApicTrace.bit(old), IoApicTrace.bit(value), cause);
        }
    }

    /** The CPU's acknowledge of {@code vector}: the first pin whose entry holds it (remembering the CPU), or -1. */
    int acknowledged(int cpu, int vector) {
        int pin = nextPinWithVector(vector, 0);
        if (pin >= 0) {
            lastAckCpu[pin] = cpu;
        }
        return pin;
    }

    /** Every change of an entry goes through here, which keeps {@link #pinsByVector} and {@link #layoutChanges}. */
    private void put(int pin, long e) {
        long old = rte[pin];
        rte[pin] = e;
        if (((old ^ e) & ~FLIPPED_PER_INTERRUPT) != 0) {
            pinsByVector[RedirectionEntry.vector(old)] &= ~(1 << pin);
            pinsByVector[RedirectionEntry.vector(e)] |= 1 << pin;
            layoutChanges++;
        }
    }

    /** {@link IoApicAccess#cpuFor}: the CPU that acknowledged the pin last, or the entry's first destination. */
    @Override
    public int cpuFor(int pin) {
        return lastAckCpu[pin] >= 0 ? lastAckCpu[pin] : apics.firstTarget(rte[pin]);
    }
}
