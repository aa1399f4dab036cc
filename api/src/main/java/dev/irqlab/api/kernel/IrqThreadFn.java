package dev.irqlab.api.kernel;

/**
 * {@code thread_fn} of {@code request_threaded_irq}, run in the irq thread after it was woken.
 *
 * <p>Unlike a primary handler a thread may sleep (an I2C transfer): it signals its end by calling
 * {@link Completion#complete} exactly once, now or later in virtual time. The kernel then does
 * {@code irq_finalize_oneshot} (kernel/irq/manage.c {@code irq_thread_fn}).
 */
@FunctionalInterface
public interface IrqThreadFn {

    void run(int irq, Completion done);

    /**
     * {@code threadFn} under the name of the kernel function it models, as {@code %ps} prints it; see
     * {@link IrqHandler#named}.
     */
    static IrqThreadFn named(String symbol, IrqThreadFn threadFn) {
        return new Named(symbol, threadFn);
    }

    /** A thread function with its kernel function's name; see {@link #named}. */
    record Named(String symbol, IrqThreadFn threadFn) implements IrqThreadFn {
        @Override
        public void run(int irq, Completion done) {
            threadFn.run(irq, done);
        }
    }

    /** The end of one thread function run. */
    @FunctionalInterface
    interface Completion {
        void complete(IrqReturn result);
    }
}
