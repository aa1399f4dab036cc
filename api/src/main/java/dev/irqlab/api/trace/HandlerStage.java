package dev.irqlab.api.trace;

/** Which part of a threaded interrupt handler ran. */
public enum HandlerStage {
    /** The primary handler, in hard interrupt context. */
    HARD,
    /** The thread function, in the irq thread. */
    THREAD
}
