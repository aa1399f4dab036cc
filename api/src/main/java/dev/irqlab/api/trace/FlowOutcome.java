package dev.irqlab.api.trace;

/** What a genirq flow handler did with one interrupt (kernel/irq/chip.c). */
public enum FlowOutcome {
    /** The actions ran. */
    HANDLED,
    /** The irq was disabled (lazy disable) or had no action: marked IRQS_PENDING and masked. */
    DISABLED_PENDING,
    /** The irq had no action installed: marked pending and masked. */
    NO_ACTION,
    /** {@code irq_may_run} said no: the handler was already in progress. */
    IN_PROGRESS,
    /** An armed wakeup irq during suspend: {@code irq_pm_check_wakeup} aborted the suspend. */
    WAKEUP_ABORT,
    /** The CPU interface returned the spurious id (GIC 1023) or an unmapped vector. */
    SPURIOUS_VECTOR
}
