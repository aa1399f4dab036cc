package dev.irqlab.kvmlive.oracle;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.ioapic.KvmIoApic;
import dev.irqlab.ioapic.LocalApic;

/**
 * The model's KVM IO-APIC ({@link KvmIoApic}, x86-ioapic) driven the way {@link KvmIrqchip} drives the
 * kernel: {@code KVM_SET_IRQCHIP} as {@link KvmIoApic#setIoapicState}, lines as {@code setIrq} from
 * source 0, INTA as {@link LocalApic#acknowledge}, EOI and SPIV as the guest's register writes.
 */
public final class ModelIrqchip implements IrqchipSubject {

    /** {@code KVM_USERSPACE_IRQ_SOURCE_ID}. */
    static final int USERSPACE_SOURCE = 0;

    private final KvmIoApic ioapic;
    private final int vcpus;

    /**
     * @param resampleOnUnmask the kernel's IO-APIC generation (Linux 6.3+: true)
     */
    public ModelIrqchip(Sim sim, int vcpus, boolean resampleOnUnmask) {
        this.vcpus = vcpus;
        // kvm.ko vector_hashing defaults to true (lapic.c); the oracle's host has it on
        // (/sys/module/kvm/parameters/vector_hashing = Y)
        this.ioapic = new KvmIoApic(sim, "vm0.kvm-ioapic", vcpus, (cause, detail) -> { }, resampleOnUnmask, false,
                false, 10_000_000L, true);
        for (int i = 0; i < vcpus; i++) {
            ioapic.connectCpu(i, asserted -> { });
        }
    }

    public KvmIoApic ioapic() {
        return ioapic;
    }

    @Override
    public int vcpus() {
        return vcpus;
    }

    @Override
    public long[] entries() {
        long[] t = new long[KvmIoApic.PINS];
        for (int pin = 0; pin < t.length; pin++) {
            t[pin] = ioapic.state(pin).entry().bits();
        }
        return t;
    }

    @Override
    public int irr() {
        return ioapic.irrAsRead();
    }

    @Override
    public void setIoapic(long[] entries, int irr) {
        ioapic.setIoapicState(entries, irr);
    }

    @Override
    public int line(int pin, boolean level) {
        return ioapic.setIrq(pin, USERSPACE_SOURCE, level);
    }

    @Override
    public LapicBits lapic(int vcpu) {
        LocalApic a = ioapic.localApic(vcpu);
        long[] irr = new long[4];
        long[] isr = new long[4];
        long[] tmr = new long[4];
        for (int n = 0; n < 8; n++) {
            irr[n / 2] |= (a.irrWord(n) & 0xffff_ffffL) << (32 * (n % 2));
            isr[n / 2] |= (a.isrWord(n) & 0xffff_ffffL) << (32 * (n % 2));
            tmr[n / 2] |= (a.tmrWord(n) & 0xffff_ffffL) << (32 * (n % 2));
        }
        return new LapicBits(irr, isr, tmr, a.spiv());
    }

    @Override
    public void ack(int vcpu) {
        ioapic.localApic(vcpu).acknowledge();
    }

    @Override
    public void eoi(int vcpu) {
        ioapic.registers().write("EOI", vcpu, 0);
    }

    @Override
    public void setSpiv(int vcpu, int value) {
        ioapic.registers().write("SPIV", vcpu, value);
    }

    @Override
    public void close() {
    }
}
