package dev.irqlab.genirq;

import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.HandlerStage;

/**
 * kernel/irq/handle.c: running the actions of one interrupt ({@code handle_irq_event},
 * {@code handle_irq_event_percpu}, {@code __handle_irq_event_percpu}) and waking their threads
 * ({@code __irq_wake_thread}).
 */
final class IrqEvents {

    private final KernelTrace trace;
    private final SpuriousDetector spurious;

    IrqEvents(KernelTrace trace, SpuriousDetector spurious) {
        this.trace = trace;
        this.spurious = spurious;
    }

    /**
     * kernel/irq/handle.c {@code handle_irq_event} at one instant (the spurious poller's
     * {@code try_one_irq}): {@link #begin}, every action's handler ({@link #enterAction},
     * {@link #runAction}), {@link #end}. The flow handlers run the same steps with the handlers'
     * time between them ({@link FlowHandlers}).
     */
    int handleIrqEvent(IrqDesc desc, int cpu) {
        begin(desc);
        int ret = SpuriousDetector.IRQ_NONE;
        String cpuTrack = trace.detail() ? trace.cpuTrack(cpu) : null; // a span's track alone
        // A snapshot: a handler may change the action list (free_irq from a handler).
        for (IrqAction action : desc.actionSnapshot()) {
            enterAction(desc, action, cpuTrack);
            ret |= runAction(desc, action, cpu, cpuTrack);
        }
        end(desc, ret);
        return ret;
    }

    /** kernel/irq/handle.c {@code handle_irq_event}: clear IRQS_PENDING, set IRQD_IRQ_INPROGRESS. */
    void begin(IrqDesc desc) {
        desc.setPending(false, "handle_irq_event");
        desc.inProgress = true;
    }

    /**
     * kernel/irq/handle.c {@code __handle_irq_event_percpu}, one action: {@code irq_handler_entry} (the
     * action's span opens); the handler runs until {@link #runAction}.
     */
    void enterAction(IrqDesc desc, IrqAction action, String cpuTrack) {
        if (trace.detail()) { // the span's name only for a trace that reads spans
            trace.spanBegin(cpuTrack, action.hardSpan(desc.irq));
        }
    }

    /**
     * The action's primary handler, which returns now ({@code irq_handler_exit}, its span closes): its
     * body runs here, so what it does (a register write, an eventfd signal, a thread woken) is seen
     * from its return on. An {@code IRQ_WAKE_THREAD} wakes the action's thread, or warns once when it
     * has none ({@code warn_no_thread}). The result's bits, for the caller to OR.
     */
    int runAction(IrqDesc desc, IrqAction action, int cpu, String cpuTrack) {
        IrqReturn res = action.handler.handle(desc.irq);
        if (res == null) {
            throw new IllegalStateException("irq " + desc.irq + " handler " + action.name + " returned null");
        }
        trace.handlerRan(desc.irq, action.name, HandlerStage.HARD, res);
        if (trace.detail()) {
            trace.spanEnd(cpuTrack, action.hardSpan(desc.irq));
        }
        if (res == IrqReturn.WAKE_THREAD) {
            if (action.threadFn == null) {
                warnNoThread(desc, action);
            } else {
                irqWakeThread(desc, action, cpu);
            }
        }
        return bits(res);
    }

    /** kernel/irq/handle.c {@code handle_irq_event}: {@code note_interrupt}, clear IRQD_IRQ_INPROGRESS. */
    void end(IrqDesc desc, int retval) {
        try {
            if (!desc.noDebug) {
                spurious.noteInterrupt(desc, retval);
            }
        } finally {
            desc.inProgress = false;
        }
    }

    /** kernel/irq/handle.c {@code __irq_wake_thread}, see {@link IrqThread#wake}. */
    void irqWakeThread(IrqDesc desc, IrqAction action, int cpu) {
        IrqThread.wake(desc, action, cpu);
    }

    /** kernel/irq/handle.c {@code warn_no_thread}, once per action ({@code IRQTF_WARNED}). */
    private void warnNoThread(IrqDesc desc, IrqAction action) {
        if (action.warnedNoThread) {
            return;
        }
        action.warnedNoThread = true;
        trace.message("genirq.no_thread_fn", "IRQ " + desc.irq + " device " + action.name
                + " returned IRQ_WAKE_THREAD but no thread function available.");
    }

    static int bits(IrqReturn r) {
        return switch (r) {
            case NONE -> SpuriousDetector.IRQ_NONE;
            case HANDLED -> SpuriousDetector.IRQ_HANDLED;
            case WAKE_THREAD -> SpuriousDetector.IRQ_WAKE_THREAD;
        };
    }
}
