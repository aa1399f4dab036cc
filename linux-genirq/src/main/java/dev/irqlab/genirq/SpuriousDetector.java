package dev.irqlab.genirq;

/**
 * kernel/irq/spurious.c {@code note_interrupt}: the "nobody cared" detector, called by
 * {@code handle_irq_event_percpu} after every hard interrupt unless the descriptor has
 * {@code _IRQ_NO_DEBUG} ({@code noirqdebug}).
 *
 * <p>Modelled from the copy read (Kingxukai/linux, commit 9b44fff6, ≈ v6.17), which <b>has</b> the
 * early-out {@code if (likely(!desc->irqs_unhandled)) return;} before {@code irq_count++}: the
 * 100,000-interrupt window only starts counting once an unhandled interrupt has been seen, and every
 * interrupt (handled or not) counts from then on. {@code irqfixup}/{@code irqpoll} (misrouted irq
 * polling) are not modelled; the {@code poll_spurious_irqs} timer armed after "nobody cared" is
 * {@link SpuriousPoller}.
 *
 * <p>The running counts are traced as the descriptor's fields {@code irqs_unhandled} and
 * {@code irq_count} (StateChanged, cause {@code note_interrupt}), so a run shows how far a line is
 * from the verdict: {@code irq_count} reaching 100,000 with {@code irqs_unhandled} above 99,900.
 */
final class SpuriousDetector {

    /** {@code irqreturn_t} values as bits: IRQ_NONE 0, IRQ_HANDLED 1, IRQ_WAKE_THREAD 2. */
    static final int IRQ_NONE = 0;
    static final int IRQ_HANDLED = 1;
    static final int IRQ_WAKE_THREAD = 2;

    private final GenirqConfig config;
    private final KernelTrace trace;
    private final ChipCalls chip;
    /** {@code mod_timer(&poll_spurious_irq_timer, ...)} after a line is disabled. */
    private final Runnable armPoller;
    private final BadIrqReport badIrq;

    SpuriousDetector(GenirqConfig config, KernelTrace trace, ChipCalls chip) {
        this(config, trace, chip, () -> { });
    }

    SpuriousDetector(GenirqConfig config, KernelTrace trace, ChipCalls chip, Runnable armPoller) {
        this.config = config;
        this.trace = trace;
        this.chip = chip;
        this.armPoller = armPoller;
        this.badIrq = new BadIrqReport(trace);
    }

    /** kernel/irq/spurious.c {@code note_interrupt(desc, action_ret)}. */
    void noteInterrupt(IrqDesc desc, int actionRet) {
        // "if (desc->istate & IRQS_POLL_INPROGRESS ...) return;": the poller's runs are not judged
        if (desc.pollInProgress) {
            return;
        }
        int ret = actionRet;
        if ((ret & IRQ_WAKE_THREAD) != 0) {
            if (ret == IRQ_WAKE_THREAD) {
                // Only a thread was woken: judge the previous interrupt by whether a thread returned
                // IRQ_HANDLED since then (SPURIOUS_DEFERRED in bit 31 of threads_handled_last).
                if ((desc.threadsHandledLast & IrqDesc.SPURIOUS_DEFERRED) == 0) {
                    desc.threadsHandledLast |= IrqDesc.SPURIOUS_DEFERRED;
                    return;
                }
                int handled = desc.threadsHandled | IrqDesc.SPURIOUS_DEFERRED;
                if (handled != desc.threadsHandledLast) {
                    ret = IRQ_HANDLED;
                    desc.threadsHandledLast = handled;
                } else {
                    ret = IRQ_NONE;
                }
            } else {
                // A primary handler returned IRQ_HANDLED: forget the deferred verdict.
                desc.threadsHandledLast &= ~IrqDesc.SPURIOUS_DEFERRED;
            }
        }

        if (ret == IRQ_NONE) {
            long jiffies = config.jiffies(trace.now());
            // time_after(jiffies, desc->last_unhandled + HZ/10)
            if (jiffies - (desc.lastUnhandled + config.hz() / 10) > 0) {
                desc.setIrqsUnhandled(1, "note_interrupt");
            } else {
                desc.setIrqsUnhandled(desc.irqsUnhandled() + 1, "note_interrupt");
            }
            desc.lastUnhandled = jiffies;
        }

        if (desc.irqsUnhandled() == 0) {
            return;
        }

        desc.setIrqCount(desc.irqCount() + 1, "note_interrupt");
        if (desc.irqCount() < 100_000) {
            return;
        }
        desc.setIrqCount(0, "note_interrupt");
        if (desc.irqsUnhandled() > 99_900) {
            // __report_bad_irq, then kill the irq: pr_emerg("Disabling IRQ #%d\n", irq)
            badIrq.report(desc);
            trace.message("genirq.disabling", "Disabling IRQ #" + desc.irq);
            desc.spuriousDisabled = true;
            desc.setDepth(desc.depth() + 1, "note_interrupt");
            chip.irqDisable(desc, "note_interrupt");
            armPoller.run();
        }
        desc.setIrqsUnhandled(0, "note_interrupt");
    }
}
