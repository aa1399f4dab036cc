package dev.irqlab.kvm;

import dev.irqlab.api.controller.VirtualInterruptController;

/**
 * The default GSI routing table KVM installs with the in-kernel irqchip: identity, GSI n → irqchip
 * pin n, for every pin (arm64 vgic-irqfd.c {@code kvm_vgic_setup_default_irq_routing}: one
 * {@code KVM_IRQ_ROUTING_IRQCHIP} entry per SPI; x86 irq_comm.c {@code kvm_setup_default_irq_routing}
 * for the IO-APIC pins). With the split irqchip the table holds MSI routes, which the irqchip keeps
 * itself ({@code VirtualInterruptController#setMsiRoute}); a GSI then stands for itself up to the
 * irqchip's {@code gsis()}.
 *
 * <p>On arm64 the table is installed by {@code vgic_init}, once the number of SPIs is frozen (the VMM
 * may set it until then, {@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS}); so its size is read from the irqchip
 * at the first use, which comes after the VMM's initialisation.
 */
final class GsiRouting {

    private final VirtualInterruptController irqchip;
    /** {@code irqchip.gsis()}, read at the first use; -1 before. */
    private int pins = -1;

    GsiRouting(VirtualInterruptController irqchip) {
        this.irqchip = irqchip;
    }

    private int pins() {
        if (pins < 0) {
            pins = irqchip.gsis();
        }
        return pins;
    }

    /** {@code kvm_irq_map_gsi}: the pin of a GSI, or -1 when no entry routes it. */
    int pin(int gsi) {
        return gsi >= 0 && gsi < pins() ? gsi : -1;
    }

    /** {@code kvm_irq_map_chip_pin}: the GSI of a pin, or -1. */
    int gsi(int pin) {
        return pin >= 0 && pin < pins() ? pin : -1;
    }
}
