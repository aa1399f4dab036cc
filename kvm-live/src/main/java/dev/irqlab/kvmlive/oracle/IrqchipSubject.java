package dev.irqlab.kvmlive.oracle;

/**
 * KVM's IO-APIC with its local APICs as the oracle drives it: the real one through ioctls
 * ({@link KvmIrqchip}) or the model ({@link ModelIrqchip}).
 */
public interface IrqchipSubject extends AutoCloseable {

    /** vCPUs (local APICs). */
    int vcpus();

    /** The 24 redirection entries as {@code KVM_GET_IRQCHIP} returns them. */
    long[] entries();

    /** {@code irr} as {@code KVM_GET_IRQCHIP} returns it. */
    int irr();

    /** {@code KVM_SET_IRQCHIP}. */
    void setIoapic(long[] entries, int irr);

    /** {@code KVM_IRQ_LINE_STATUS}: the {@code kvm_set_irq} result. */
    int line(int pin, boolean level);

    /** IRR, ISR, TMR of a local APIC, 256 bits each. */
    LapicBits lapic(int vcpu);

    /** INTA of the highest deliverable vector. */
    void ack(int vcpu);

    /** Local APIC EOI. */
    void eoi(int vcpu);

    /** SPIV write. */
    void setSpiv(int vcpu, int value);

    @Override
    void close();
}
