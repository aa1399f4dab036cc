package dev.irqlab.api.controller;

/** The {@code struct irq_chip.flags} bits the flow handlers consult (include/linux/irq.h). */
public enum ChipFlag {
    /** {@code IRQCHIP_EOI_THREADED}: a ONESHOT irq is EOIed only when its thread finishes. */
    EOI_THREADED,
    /** {@code IRQCHIP_EOI_IF_HANDLED}: do not EOI on the flow handler's early exits. */
    EOI_IF_HANDLED,
    /** {@code IRQCHIP_ONESHOT_SAFE}: the chip needs no masking for ONESHOT (MSI); IRQF_ONESHOT is dropped. */
    ONESHOT_SAFE,
    /** {@code IRQCHIP_MASK_ON_SUSPEND}: mask non-wake irqs in hardware at suspend. */
    MASK_ON_SUSPEND,
    /** {@code IRQCHIP_SET_TYPE_MASKED}: mask before calling {@code irq_set_type}. */
    SET_TYPE_MASKED,
    /** {@code IRQCHIP_SKIP_SET_WAKE}: {@code irq_set_irq_wake} needs no chip callback. */
    SKIP_SET_WAKE,
    /**
     * {@code IRQCHIP_AFFINITY_PRE_STARTUP}: {@code irq_startup} sets the affinity before the startup
     * unmask, not after (x86 {@code ioapic_chip}, kernel/irq/chip.c {@code irq_startup}).
     */
    AFFINITY_PRE_STARTUP
}
