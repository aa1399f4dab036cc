package dev.irqlab.api.hypervisor;

/**
 * The IO-APIC a VMM emulates in user space when it enables {@code KVM_CAP_SPLIT_IRQCHIP} (QEMU
 * {@code -machine kernel-irqchip=split}, crosvm {@code --split-irqchip}): KVM keeps the local APICs and
 * the GSI routing; the guest's accesses to the IO-APIC page and the EOIs of the vectors the VMM's
 * routes mark level leave {@code KVM_RUN} for the VMM (arch/x86/kvm/lapic.c {@code kvm_ioapic_send_eoi},
 * irq.c {@code kvm_scan_ioapic_routes}). The VMM's IO-APIC reaches the local APICs only through the
 * {@link Vm}: MSI routes on GSIs {@code 0..pins()-1} ({@link Vm#setMsiRoute}) and {@code KVM_IRQ_LINE}
 * ({@link Vm#irqLine}).
 *
 * <p>Protocol: the VMM builds it and hands it to the hypervisor in its {@link VmSpec}; the
 * hypervisor's in-kernel half calls {@link #mmioRead}, {@link #mmioWrite} and {@link #eoi} on the
 * vCPU that exits, and reads {@link #entry} without any guest-visible effect (reports, and the
 * guest's own vector table, which the model reads from the entries instead of keeping a copy).
 */
public interface UserspaceIoApic {

    /** The component name of the VMM's IO-APIC in the trace ("qemu.ioapic"). */
    String name();

    /** Redirection entries; also {@code KVM_CAP_SPLIT_IRQCHIP}'s {@code args[0]}, the GSIs KVM scans for EOI exits. */
    int pins();

    /** The version register's version field (0x11: no EOI register; 0x20: EOI register at 0x40). */
    int version();

    /** {@code KVM_EXIT_MMIO} read of the 32-bit register at {@code offset} in the IO-APIC's page. */
    int mmioRead(int offset);

    /** {@code KVM_EXIT_MMIO} write of the 32-bit register at {@code offset}. */
    void mmioWrite(int offset, int value);

    /** {@code KVM_EXIT_IOAPIC_EOI}: {@code kvm_run->eoi.vector}. */
    void eoi(int vector);

    /** The VMM's time to handle one exit of either kind before it calls {@code KVM_RUN} again. */
    long exitHandlingNs();

    /** The 64-bit redirection entry of a pin, as the VMM holds it. */
    long entry(int pin);

    /** Whether the pin's IRR bit (the VMM's own {@code irr} or line-level bitmap) is set. */
    boolean irr(int pin);
}
