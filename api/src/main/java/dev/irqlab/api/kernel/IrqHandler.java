package dev.irqlab.api.kernel;

/**
 * {@code irq_handler_t}: a primary handler, run in hard interrupt context by the flow handler.
 * It must not block; it returns at once.
 */
@FunctionalInterface
public interface IrqHandler {

    IrqReturn handle(int irq);

    /**
     * {@code handler} under the name of the kernel function it models, as {@code %ps} prints it
     * (kernel/irq/spurious.c {@code __report_bad_irq} lists each action's handler so). A handler
     * passed without a name prints as an address with no symbol.
     */
    static IrqHandler named(String symbol, IrqHandler handler) {
        return new Named(symbol, handler);
    }

    /** A handler with its kernel function's name; see {@link #named}. */
    record Named(String symbol, IrqHandler handler) implements IrqHandler {
        @Override
        public IrqReturn handle(int irq) {
            return handler.handle(irq);
        }
    }
}
