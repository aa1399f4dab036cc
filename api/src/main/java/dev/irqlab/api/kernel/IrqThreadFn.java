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

    /** The end of one thread function run. */
    @FunctionalInterface
    interface Completion {
        void complete(IrqReturn result);
    }
}
