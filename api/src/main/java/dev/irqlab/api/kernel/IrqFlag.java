package dev.irqlab.api.kernel;

/** The {@code IRQF_*} request flags the models honour (include/linux/interrupt.h). */
public enum IrqFlag {
    /** {@code IRQF_SHARED}. */
    SHARED,
    /** {@code IRQF_ONESHOT}: keep the line masked until the thread function has finished. */
    ONESHOT,
    /** {@code IRQF_NO_AUTOEN}: do not enable at request time (depth starts at 1). */
    NO_AUTOEN,
    /** {@code IRQF_NO_SUSPEND}: keep enabled across system suspend. */
    NO_SUSPEND,
    /** {@code IRQF_NO_THREAD}: never force-thread. */
    NO_THREAD
}
