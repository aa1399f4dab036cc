package dev.irqlab.api.device;

/**
 * A guest kernel driver bound to one device.
 *
 * <p>Protocol: {@link #probe()} runs once when the guest boots (the driver requests its irq);
 * {@link #suspend()} and {@link #resume()} are the driver's PM callbacks, called by the guest's
 * system-sleep sequence. The driver reports every interrupt it handled as a {@code DriverOutcome}
 * trace event and prints what the real driver prints as {@code KernelMessage}s.
 */
public interface GuestDriver {

    /** The driver name ("elan_i2c"). */
    String name();

    /** The device it drives. */
    String device();

    /** The driver's probe; 0 or a negative errno. */
    int probe();

    /** {@code dev_pm_ops.suspend} of a driver that never waits; 0 or a negative errno. */
    default int suspend() {
        return 0;
    }

    /**
     * {@code dev_pm_ops.suspend} as the PM core calls it: {@code done} gets 0 or a negative errno when
     * the callback returns, in virtual time (a driver's {@code disable_irq} waits for its irq thread).
     * The default is {@link #suspend()}, at once.
     */
    default void suspend(java.util.function.IntConsumer done) {
        done.accept(suspend());
    }

    /** {@code dev_pm_ops.resume}. */
    default void resume() {
    }
}
