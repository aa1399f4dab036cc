package dev.irqlab.api.irq;

/**
 * The receiving end of a wire: a controller input pin driven by a device, or the IRQ input of a CPU
 * driven by a controller.
 *
 * <p>Protocol: the driver of the wire calls {@link #set} whenever its output level changes (it may also
 * repeat the current level; receivers must treat that as no change). The receiver reacts
 * synchronously: a controller latches an edge or updates a level pin and may signal a CPU within the
 * call.
 */
@FunctionalInterface
public interface LineSink {

    /** The wire is now at {@code high}. */
    void set(boolean high);
}
