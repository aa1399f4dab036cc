package dev.irqlab.kvmlive.sys;

/**
 * {@code struct kvm_ioapic_state} (include/uapi/linux/kvm.h, arch x86): what {@code KVM_GET_IRQCHIP}
 * returns for {@code KVM_IRQCHIP_IOAPIC} and {@code KVM_SET_IRQCHIP} loads.
 *
 * @param redirtbl the 24 redirection entries, raw 64-bit values
 */
// the table is copied in and out, so no caller shares or mutates it
@SuppressWarnings("ArrayRecordComponent")
public record IoapicState(long baseAddress, int ioregsel, int id, int irr, long[] redirtbl) {

    public static final int PINS = 24;

    public IoapicState {
        if (redirtbl.length != PINS) {
            throw new IllegalArgumentException("redirtbl has " + redirtbl.length + " entries, expected " + PINS);
        }
        redirtbl = redirtbl.clone();
    }

    public long entry(int pin) {
        return redirtbl[pin];
    }

    public boolean irr(int pin) {
        return (irr & (1 << pin)) != 0;
    }

    public IoapicState withEntry(int pin, long value) {
        long[] t = redirtbl.clone();
        t[pin] = value;
        return new IoapicState(baseAddress, ioregsel, id, irr, t);
    }

    @Override
    public long[] redirtbl() {
        return redirtbl.clone();
    }
}
