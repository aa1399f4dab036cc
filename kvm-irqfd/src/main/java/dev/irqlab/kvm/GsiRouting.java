package dev.irqlab.kvm;

/**
 * The default GSI routing table KVM installs with the in-kernel irqchip: identity, GSI n → irqchip
 * pin n, for every pin (arm64 vgic-irqfd.c {@code kvm_vgic_setup_default_irq_routing}: one
 * {@code KVM_IRQ_ROUTING_IRQCHIP} entry per SPI; x86 irq_comm.c {@code kvm_setup_default_irq_routing}
 * for the IO-APIC pins). With the split irqchip the table holds MSI routes, which the irqchip keeps
 * itself ({@code VirtualInterruptController#setMsiRoute}); a GSI then stands for itself up to the
 * irqchip's {@code gsis()}.
 */
final class GsiRouting {

    private final int pins;

    GsiRouting(int pins) {
        this.pins = pins;
    }

    /** {@code kvm_irq_map_gsi}: the pin of a GSI, or -1 when no entry routes it. */
    int pin(int gsi) {
        return gsi >= 0 && gsi < pins ? gsi : -1;
    }

    /** {@code kvm_irq_map_chip_pin}: the GSI of a pin, or -1. */
    int gsi(int pin) {
        return pin >= 0 && pin < pins ? pin : -1;
    }
}
