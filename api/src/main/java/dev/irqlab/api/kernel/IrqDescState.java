package dev.irqlab.api.kernel;

/**
 * A snapshot of one {@code struct irq_desc}, with the kernel's names.
 *
 * @param depth            {@code desc->depth}, the disable nesting count
 * @param disabled         {@code irqd_irq_disabled}
 * @param masked           {@code irqd_irq_masked} (differs from disabled under lazy disable)
 * @param inProgress       {@code irqd_irq_inprogress}
 * @param pending          {@code IRQS_PENDING}
 * @param replay           {@code IRQS_REPLAY}
 * @param oneshot          {@code IRQS_ONESHOT}
 * @param threadsOneshot   {@code desc->threads_oneshot}
 * @param wakeupArmed      {@code irqd_is_wakeup_armed}
 * @param wakeDepth        {@code desc->wake_depth}
 * @param spuriousDisabled {@code IRQS_SPURIOUS_DISABLED}
 * @param irqCount         {@code desc->irq_count} (note_interrupt window)
 * @param irqsUnhandled    {@code desc->irqs_unhandled}
 * @param totalCount       interrupts handled by the flow handler (kstat)
 */
public record IrqDescState(int irq, int hwirq, int depth, boolean disabled, boolean masked, boolean inProgress,
                           boolean pending, boolean replay, boolean oneshot, long threadsOneshot,
                           boolean wakeupArmed, int wakeDepth, boolean spuriousDisabled, int irqCount,
                           int irqsUnhandled, long totalCount) {
}
