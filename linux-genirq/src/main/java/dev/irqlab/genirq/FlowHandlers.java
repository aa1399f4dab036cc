package dev.irqlab.genirq;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.trace.FlowOutcome;

/**
 * The flow handlers of kernel/irq/chip.c as in the copy read (Kingxukai/linux 9b44fff6, with
 * {@code irq_can_handle_pm}/{@code irq_can_handle_actions}, the successors of {@code irq_may_run}).
 * Each invocation is traced as one {@code IrqFlow} with flow "fasteoi", "level" or "edge", inside a
 * span "irq N handle_..._irq" on the CPU's track that holds the chip calls and the actions' spans
 * (with their exits, where a guest's chip calls trap, the flow lasts their cost on a timeline).
 */
final class FlowHandlers {

    private final ChipCalls chip;
    private final IrqEvents events;
    private final IrqResend resend;
    private final IrqPmCore pm;
    private final KernelTrace trace;

    FlowHandlers(ChipCalls chip, IrqEvents events, IrqResend resend, IrqPmCore pm, KernelTrace trace) {
        this.chip = chip;
        this.events = events;
        this.resend = resend;
        this.pm = pm;
        this.trace = trace;
    }

    /** {@code desc->handle_irq(desc)} on {@code cpu}. */
    FlowOutcome handle(IrqDesc desc, int cpu) {
        String cpuTrack = trace.cpuTrack(cpu);
        if (desc.flowSpan == null) {
            desc.flowSpan = "irq " + desc.irq + " " + handlerName(desc);
        }
        trace.spanBegin(cpuTrack, desc.flowSpan);
        FlowOutcome outcome;
        String flow;
        switch (desc.flow) {
            case FASTEOI -> {
                flow = "fasteoi";
                outcome = handleFasteoiIrq(desc, cpu);
            }
            case LEVEL -> {
                flow = "level";
                outcome = handleLevelIrq(desc, cpu);
            }
            case EDGE -> {
                flow = "edge";
                outcome = handleEdgeIrq(desc, cpu);
            }
            default -> throw new IllegalStateException("unknown flow " + desc.flow);
        }
        trace.irqFlow(desc.irq, flow, outcome);
        trace.spanEnd(cpuTrack, desc.flowSpan);
        return outcome;
    }

    /**
     * kernel/irq/chip.c {@code irq_can_handle_pm} (formerly {@code irq_may_run}): null when the flow may
     * proceed; an armed wakeup irq goes to {@code irq_pm_handle_wakeup}; an in-progress one is refused.
     */
    private FlowOutcome canHandlePm(IrqDesc desc) {
        if (!desc.inProgress && !desc.wakeupArmed) {
            return null;
        }
        if (desc.wakeupArmed) {
            pm.handleWakeup(desc);
            return FlowOutcome.WAKEUP_ABORT;
        }
        return FlowOutcome.IN_PROGRESS;
    }

    /**
     * kernel/irq/chip.c {@code irq_can_handle_actions}: clear IRQS_REPLAY (and WAITING); without an action
     * or when disabled set IRQS_PENDING and refuse.
     */
    private FlowOutcome canHandleActions(IrqDesc desc) {
        desc.replay = false;
        if (!desc.hasAction() || desc.disabled()) {
            desc.setPending(true, handlerName(desc));
            return desc.hasAction() ? FlowOutcome.DISABLED_PENDING : FlowOutcome.NO_ACTION;
        }
        return null;
    }

    /** kernel/irq/chip.c {@code irq_can_handle}. */
    private FlowOutcome canHandle(IrqDesc desc) {
        FlowOutcome refused = canHandlePm(desc);
        return refused != null ? refused : canHandleActions(desc);
    }

    /**
     * kernel/irq/chip.c {@code handle_fasteoi_irq}: refused by PM/in-progress → {@code cond_eoi_irq};
     * no action or disabled (the lazy-disable catch) → IRQS_PENDING, {@code mask_irq},
     * {@code cond_eoi_irq}; else ONESHOT → {@code mask_irq} before the handlers, run them,
     * {@code cond_unmask_eoi_irq}, and {@code check_irq_resend} if PENDING was set meanwhile.
     */
    FlowOutcome handleFasteoiIrq(IrqDesc desc, int cpu) {
        FlowOutcome refused = canHandlePm(desc);
        if (refused != null) {
            condEoiIrq(desc);
            return refused;
        }
        refused = canHandleActions(desc);
        if (refused != null) {
            chip.maskIrq(desc, "handle_fasteoi_irq");
            condEoiIrq(desc);
            return refused;
        }
        desc.totalCount++;
        if (desc.oneshot) {
            chip.maskIrq(desc, "handle_fasteoi_irq");
        }
        events.handleIrqEvent(desc, cpu);
        condUnmaskEoiIrq(desc);
        if (desc.pending()) {
            resend.checkIrqResend(desc, false);
        }
        return FlowOutcome.HANDLED;
    }

    /**
     * kernel/irq/chip.c {@code handle_level_irq}: {@code mask_ack_irq} first, always; refused → stays
     * masked; else run the actions and {@code cond_unmask_irq}.
     */
    FlowOutcome handleLevelIrq(IrqDesc desc, int cpu) {
        chip.maskAckIrq(desc, "handle_level_irq");
        FlowOutcome refused = canHandle(desc);
        if (refused != null) {
            return refused;
        }
        desc.totalCount++;
        events.handleIrqEvent(desc, cpu);
        condUnmaskIrq(desc);
        return FlowOutcome.HANDLED;
    }

    /**
     * kernel/irq/chip.c {@code handle_edge_irq}: refused → IRQS_PENDING and {@code mask_ack_irq}; else
     * {@code irq_ack}, then loop: no action → {@code mask_irq} and out; PENDING while masked and not
     * disabled → {@code unmask_irq}; run the actions; again while PENDING and not disabled.
     */
    FlowOutcome handleEdgeIrq(IrqDesc desc, int cpu) {
        FlowOutcome refused = canHandle(desc);
        if (refused != null) {
            desc.setPending(true, "handle_edge_irq");
            chip.maskAckIrq(desc, "handle_edge_irq");
            return refused;
        }
        desc.totalCount++;
        if (desc.chip.hasAck()) {
            desc.chip.ack(desc.hwirq);
        }
        do {
            if (!desc.hasAction()) {
                chip.maskIrq(desc, "handle_edge_irq");
                return FlowOutcome.NO_ACTION;
            }
            if (desc.pending() && !desc.disabled() && desc.masked()) {
                chip.unmaskIrq(desc, "handle_edge_irq");
            }
            events.handleIrqEvent(desc, cpu);
        } while (desc.pending() && !desc.disabled());
        return FlowOutcome.HANDLED;
    }

    /**
     * kernel/irq/chip.c {@code cond_unmask_irq}: unmask unless disabled, not masked, or a ONESHOT thread
     * is still running ({@code threads_oneshot}).
     */
    private void condUnmaskIrq(IrqDesc desc) {
        if (!desc.disabled() && desc.masked() && desc.threadsOneshot == 0) {
            chip.unmaskIrq(desc, "cond_unmask_irq");
        }
    }

    /**
     * kernel/irq/chip.c {@code cond_unmask_eoi_irq}: not ONESHOT → {@code irq_eoi}; ONESHOT with no thread
     * woken (and not disabled, masked) → {@code irq_eoi} + {@code unmask_irq}; otherwise {@code irq_eoi}
     * now unless the chip is {@code IRQCHIP_EOI_THREADED} (then {@code unmask_threaded_irq} EOIs later).
     */
    private void condUnmaskEoiIrq(IrqDesc desc) {
        if (!desc.oneshot) {
            desc.chip.eoi(desc.hwirq);
            return;
        }
        if (!desc.disabled() && desc.masked() && desc.threadsOneshot == 0) {
            desc.chip.eoi(desc.hwirq);
            chip.unmaskIrq(desc, "cond_unmask_eoi_irq");
        } else if (!desc.chip.flags().contains(ChipFlag.EOI_THREADED)) {
            desc.chip.eoi(desc.hwirq);
        }
    }

    /** kernel/irq/chip.c {@code cond_eoi_irq}: EOI on an early exit unless {@code IRQCHIP_EOI_IF_HANDLED}. */
    private void condEoiIrq(IrqDesc desc) {
        if (!desc.chip.flags().contains(ChipFlag.EOI_IF_HANDLED)) {
            desc.chip.eoi(desc.hwirq);
        }
    }

    private static String handlerName(IrqDesc desc) {
        return switch (desc.flow) {
            case FASTEOI -> "handle_fasteoi_irq";
            case LEVEL -> "handle_level_irq";
            case EDGE -> "handle_edge_irq";
        };
    }
}
