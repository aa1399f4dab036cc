package dev.irqlab.api.controller;

/**
 * The genirq flow handler an irqchip driver installs for an interrupt (kernel/irq/chip.c).
 * GIC installs {@link #FASTEOI} for every SPI (irq-gic-v3.c {@code gic_irq_domain_map});
 * the x86 IO-APIC installs {@link #FASTEOI} for level and {@link #EDGE} for edge pins
 * (arch/x86/kernel/apic/io_apic.c {@code ioapic_configure_entry} / {@code mp_irqdomain_alloc}).
 */
public enum FlowType {
    /** {@code handle_fasteoi_irq}. */
    FASTEOI,
    /** {@code handle_level_irq}. */
    LEVEL,
    /** {@code handle_edge_irq}. */
    EDGE
}
