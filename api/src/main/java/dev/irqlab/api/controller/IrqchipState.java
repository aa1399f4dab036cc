package dev.irqlab.api.controller;

/** {@code enum irqchip_irq_state} for {@code irq_get_irqchip_state} / {@code irq_set_irqchip_state}. */
public enum IrqchipState {
    PENDING,
    ACTIVE,
    MASKED,
    LINE_LEVEL
}
