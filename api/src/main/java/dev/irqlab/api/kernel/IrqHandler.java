package dev.irqlab.api.kernel;

/**
 * {@code irq_handler_t}: a primary handler, run in hard interrupt context by the flow handler.
 * It must not block; it returns at once.
 */
@FunctionalInterface
public interface IrqHandler {

    IrqReturn handle(int irq);
}
