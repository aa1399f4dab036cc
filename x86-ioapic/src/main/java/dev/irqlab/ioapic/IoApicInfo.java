package dev.irqlab.ioapic;

/**
 * What Linux's IO-APIC driver knows of an IO-APIC without an access: the version and the pin count
 * it read once at {@code mp_register_ioapic} ({@code mpc_ioapic_ver}, {@code nr_registers}), and the
 * CPU a pin's flow handler runs on. The redirection table of the host's and KVM's IO-APIC answers it;
 * with the split irqchip the VMM's IO-APIC does.
 */
interface IoApicInfo {

    int version();

    int pins();

    /**
     * The CPU the irq callback runs on: the CPU that acknowledged the pin's vector last (the flow
     * handler runs there), or the entry's first destination.
     */
    int cpuFor(int pin);
}
