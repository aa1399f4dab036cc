package dev.irqlab.api.controller;

/**
 * What a kernel's exception entry offers the architecture's interrupt handler
 * ({@link IrqChip#handleArchIrq}): the irq domain lookup and flow handler
 * ({@code generic_handle_domain_irq}), and the entry's trace points. Implemented by a kernel model.
 */
public interface IrqEntryContext {

    /**
     * {@code generic_handle_domain_irq}: runs the flow handler of the descriptor mapped to
     * {@code hwirq} on {@code cpu}. Returns false, doing nothing, when {@code hwirq} has no mapping
     * (the kernel's {@code -EINVAL}).
     */
    boolean handleDomainIrq(int hwirq, int cpu);

    /** The entry ends without a flow handler (a spurious INTID or vector, or an unmapped one). */
    void spurious();

    /** A message the entry code prints ({@code WARN_ONCE}, {@code pr_emerg_ratelimited}). */
    void message(String key, String text);
}
