package dev.irqlab.api.kernel;

/** {@code irqreturn_t} (include/linux/irqreturn.h). */
public enum IrqReturn {
    /** {@code IRQ_NONE}: not from this device. */
    NONE,
    /** {@code IRQ_HANDLED}. */
    HANDLED,
    /** {@code IRQ_WAKE_THREAD}: wake the handler thread. */
    WAKE_THREAD
}
