package dev.irqlab.kvmlive.host;

/**
 * Which KVM vendor module runs the VMs, as far as interrupt delivery differs.
 */
public enum KvmFlavour {
    /** Mainline Intel VMX ({@code kvm_intel}): the guest's own LAPIC EOI acks the IO-APIC pin. */
    KVM_INTEL("kvm_intel"),
    /** Mainline AMD SVM ({@code kvm_amd}): as {@link #KVM_INTEL}. */
    KVM_AMD("kvm_amd"),
    /**
     * PVM ("Pagetable-based Virtual Machine", {@code kvm_pvm}, not in mainline): for a guest that is
     * not PVM-aware, {@code pvm_deliver_pending_event} writes APIC_EOI itself while delivering the
     * interrupt, so the IO-APIC's ack notifiers (irqfd resampler) run at delivery, before the guest
     * handler's first instruction; the guest's own EOI later finds nothing in service
     * (shared/tools/kvm-probe, kernel 6.18.44, traced stack {@code pvm_deliver_pending_event ->
     * kvm_lapic_reg_write -> apic_set_eoi -> kvm_ioapic_update_eoi -> kvm_notify_acked_irq}).
     */
    KVM_PVM("kvm_pvm"),
    /** None of the above was found. */
    UNKNOWN("unknown");

    private final String module;

    KvmFlavour(String module) {
        this.module = module;
    }

    /** The vendor module name ({@code /sys/module/NAME}). */
    public String module() {
        return module;
    }

    /** Whether KVM itself EOIs the LAPIC at delivery (the model's {@code eoi-at-delivery} variant). */
    public boolean eoiAtDelivery() {
        return this == KVM_PVM;
    }
}
