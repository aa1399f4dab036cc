package dev.irqlab.vmm.core;

import dev.irqlab.api.hypervisor.UserspaceIoApic;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKeys;
import dev.irqlab.api.trace.StateKeys;
import dev.irqlab.api.trace.TraceName;

/**
 * What the user-space IO-APICs of the VMMs share: the register window and the redirection entry of
 * the Intel 82093AA (datasheet 290566-001, §3.1 and §3.2.4; the ICH's version 0x20 adds the EOI
 * register at 0x40), with 24 pins as QEMU ({@code IOAPIC_NUM_PINS}), crosvm ({@code NUM_IOAPIC_PINS})
 * and cloud-hypervisor ({@code NUM_IOAPIC_PINS}) all build it; the 64-bit entries each of them keeps
 * (QEMU {@code ioredtbl}, crosvm {@code redirect_table}, cloud-hypervisor {@code reg_entries}), all
 * masked at reset; and how a change of an entry's mask or Remote IRR shows in the trace.
 *
 * <p>Nothing here decides anything: what a register write keeps, when a pin is serviced, what an
 * EOI does and which routes the VMM gives KVM differ from one VMM to the next on purpose, and each
 * subclass has them as its VMM does, cited to its source.
 */
public abstract class AbstractUserspaceIoApic implements UserspaceIoApic {

    /** Every VMM's IO-APIC has 24 pins, and reserves as many with {@code KVM_CAP_SPLIT_IRQCHIP}. */
    public static final int PINS = 24;

    /** The register select, window and (version 0x20) EOI register, offsets in the IO-APIC's page. */
    public static final int IOREGSEL = 0x00;
    public static final int IOWIN = 0x10;
    public static final int IOEOI = 0x40;
    /** The indirect registers: id, version, arbitration id, then two per redirection entry. */
    public static final int REG_ID = 0x00;
    public static final int REG_VERSION = 0x01;
    public static final int REG_ARBITRATION_ID = 0x02;
    public static final int REG_REDTBL_BASE = 0x10;

    /** The redirection entry's fields (82093AA §3.2.4). */
    public static final long VECTOR_MASK = 0xff;
    public static final int DELIVERY_MODE_SHIFT = 8;
    public static final int DEST_MODE_SHIFT = 11;
    public static final long DELIVERY_STATUS = 1L << 12;
    public static final long REMOTE_IRR = 1L << 14;
    public static final long TRIGGER_LEVEL = 1L << 15;
    public static final long MASKED = 1L << 16;
    public static final int DEST_ID_SHIFT = 56;

    private final Sim sim;
    private final String name;
    private final long exitHandlingNs;
    private final long[] entries = new long[PINS];
    private final String[] subjects = new String[PINS];
    /** The IO-APIC's name as the run's trace numbers it, and the keys of its pins' fields. */
    private final TraceName traceName;
    private final StateKeys pinKeys;
    /** The keys of the messages it prints, each asked for the first time it is printed. */
    private final MessageKeys messageKeys;

    /** Every entry masked, as all three VMMs reset it. */
    protected AbstractUserspaceIoApic(Sim sim, String name, long exitHandlingNs) {
        this.sim = sim;
        this.name = name;
        this.exitHandlingNs = exitHandlingNs;
        for (int pin = 0; pin < PINS; pin++) {
            entries[pin] = MASKED;
            subjects[pin] = "pin " + pin;
        }
        this.traceName = sim.trace().name(name);
        this.messageKeys = new MessageKeys(sim.trace(), traceName);
        this.pinKeys = new StateKeys(sim.trace(), traceName, pin -> subjects[pin]);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int pins() {
        return PINS;
    }

    @Override
    public final long exitHandlingNs() {
        return exitHandlingNs;
    }

    @Override
    public final long entry(int pin) {
        return entries[pin];
    }

    /** The run's simulation. */
    protected final Sim sim() {
        return sim;
    }

    public static boolean level(long e) {
        return (e & TRIGGER_LEVEL) != 0;
    }

    public static boolean masked(long e) {
        return (e & MASKED) != 0;
    }

    /** The entry's low ({@code high} false) or high dword, as a window read returns it. */
    protected final int entryDword(int pin, boolean high) {
        return high ? (int) (entries[pin] >>> 32) : (int) entries[pin];
    }

    /** {@code e} with its low or high dword replaced by {@code value}, no bit kept. */
    public static long withDword(long e, boolean high, int value) {
        return high ? (e & 0xffff_ffffL) | ((value & 0xffff_ffffL) << 32) : (e & ~0xffff_ffffL) | (value & 0xffff_ffffL);
    }

    /** Sets the pin's entry; a change of its mask or Remote IRR is traced with {@code cause}. */
    protected final void setEntry(int pin, long e, String cause) {
        long before = entries[pin];
        entries[pin] = e;
        if (masked(before) != masked(e)) {
            emit(pin, "masked", masked(before), masked(e), cause);
        }
        if ((before & REMOTE_IRR) != (e & REMOTE_IRR)) {
            emit(pin, "remote_irr", (before & REMOTE_IRR) != 0, (e & REMOTE_IRR) != 0, cause);
        }
    }

    /** A detail event: the pin's {@code field} went from {@code from} to {@code to}. */
    protected final void emit(int pin, String field, boolean from, boolean to, String cause) {
        if (sim.trace().wantsDetail()) {
            sim.trace().stateChanged(sim.now(), pinKeys.key(pin, field), from ? "1" : "0", to ? "1" : "0",
                    cause);
        }
    }

    /** A message the VMM logs, under the IO-APIC's name. */
    protected final void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }
}
