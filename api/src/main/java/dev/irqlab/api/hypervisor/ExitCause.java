package dev.irqlab.api.hypervisor;

/** Why a vCPU left the guest. */
public enum ExitCause {
    /** A trapped MMIO access to an emulated device (IO-APIC IOREGSEL/IOWIN, GIC distributor). */
    MMIO("mmio"),
    /** An x86 LAPIC EOI write KVM must see (vector in the EOI-exit bitmap, or no APICv). */
    APIC_EOI("apic-eoi"),
    /** A GIC maintenance interrupt (EOI of a list register with the EOI bit, underflow). */
    MAINTENANCE("maintenance"),
    /** A trapped system register access (ICC_* with trapping, ICC_DIR_EL1 on some setups). */
    SYSREG("sysreg"),
    /** A host interrupt arrived while the vCPU ran (kick, physical irq on that CPU). */
    EXTERNAL_INTERRUPT("external-interrupt"),
    /** The guest idled (WFI/HLT). */
    IDLE("idle"),
    /**
     * {@code KVM_EXIT_IOAPIC_EOI}: with the split irqchip ({@code KVM_CAP_SPLIT_IRQCHIP}) a LAPIC EOI
     * of a vector in the vCPU's {@code ioapic_handled_vectors} leaves {@code KVM_RUN} for the VMM's
     * IO-APIC (arch/x86/kvm/lapic.c {@code kvm_ioapic_send_eoi}, x86.c {@code vcpu_enter_guest}).
     * Last, so that the other causes keep their order.
     */
    IOAPIC_EOI("ioapic-eoi");

    private final String label;

    ExitCause(String label) {
        this.label = label;
    }

    /** The name used in scenario files and reports. */
    public String label() {
        return label;
    }
}
