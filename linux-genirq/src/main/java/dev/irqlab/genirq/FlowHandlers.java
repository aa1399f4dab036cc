package dev.irqlab.genirq;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.trace.FlowOutcome;
import java.util.Arrays;

/**
 * The flow handlers of kernel/irq/chip.c as in the copy read (Kingxukai/linux 9b44fff6, with
 * {@code irq_can_handle_pm}/{@code irq_can_handle_actions}, the successors of {@code irq_may_run}).
 * Each invocation is traced as one {@code IrqFlow} with flow "fasteoi", "level" or "edge", inside a
 * span "irq N handle_..._irq" on the CPU's track that holds the chip calls and the actions' spans.
 *
 * <p>Time where the kernel spends it: a flow that runs its actions makes its chip calls at the entry's
 * instant (mask, ack), runs each primary handler {@code irq-chip-ops} later for {@code hard-handler}
 * each (the handler's body, what it does and its result, at the end of its span: from its return on
 * other CPUs see it; a guest's handler's exits are paid after it), and does the rest ({@code note_interrupt}, EOI/unmask, the edge loop) when
 * the last handler returns. Meanwhile it holds its CPU ({@link CpuExecutor#hold}): nothing else runs
 * there, the next interrupt entry included. A flow that runs no action takes no time.
 */
final class FlowHandlers {

    private final ChipCalls chip;
    private final IrqEvents events;
    private final IrqResend resend;
    private final IrqPmCore pm;
    private final KernelTrace trace;
    private final CpuExecutor executor;
    private final long chipOpsNs;
    private final long hardHandlerNs;
    /** Per CPU: its flow in progress, reused (a held CPU runs one flow at a time). */
    private FlowRun[] runs = new FlowRun[0];

    FlowHandlers(ChipCalls chip, IrqEvents events, IrqResend resend, IrqPmCore pm, KernelTrace trace,
                 CpuExecutor executor, long chipOpsNs, long hardHandlerNs) {
        this.chip = chip;
        this.events = events;
        this.resend = resend;
        this.pm = pm;
        this.trace = trace;
        this.executor = executor;
        this.chipOpsNs = chipOpsNs;
        this.hardHandlerNs = hardHandlerNs;
    }

    /** {@code desc->handle_irq(desc)} on {@code cpu}; with handler time, it ends later on that CPU. */
    void handle(IrqDesc desc, int cpu) {
        // the spans' track: read only by a trace that reads spans
        String cpuTrack = trace.detail() ? trace.cpuTrack(cpu) : null;
        trace.spanBegin(cpuTrack, desc.flowSpan);
        FlowOutcome refused = switch (desc.flow) {
            case FASTEOI -> fasteoiBefore(desc);
            case LEVEL -> levelBefore(desc);
            case EDGE -> edgeBefore(desc);
        };
        if (refused != null) {
            finish(desc, cpuTrack, refused);
            return;
        }
        run(cpu).start(desc, cpu, cpuTrack);
    }

    private FlowRun run(int cpu) {
        if (cpu < 0) {
            return new FlowRun();
        }
        if (cpu >= runs.length) {
            runs = Arrays.copyOf(runs, cpu + 1);
        }
        FlowRun r = runs[cpu];
        if (r == null) {
            r = new FlowRun();
            runs[cpu] = r;
        }
        // An executor without holds may start another flow on the CPU meanwhile: it gets its own.
        return r.desc == null ? r : new FlowRun();
    }

    /** The flow's {@code IrqFlow} and the end of its span. */
    private void finish(IrqDesc desc, String cpuTrack, FlowOutcome outcome) {
        trace.irqFlow(desc.irq, flowName(desc), outcome);
        trace.spanEnd(cpuTrack, desc.flowSpan);
    }

    /**
     * One flow's {@code handle_irq_event} calls and what follows them, step by step in virtual time:
     * {@link #start} (after the chip calls: {@code irq-chip-ops}), each action's handler
     * ({@code hard-handler}), then {@link #afterEvent}.
     */
    private final class FlowRun implements Runnable {
        IrqDesc desc;
        int cpu;
        String cpuTrack;
        IrqAction[] actions;
        int index;
        int retval;
        /** Whether the action at {@code index} has entered its handler (its span is open). */
        boolean entered;

        void start(IrqDesc d, int onCpu, String track) {
            desc = d;
            cpu = onCpu;
            cpuTrack = track;
            event();
        }

        /** {@code handle_irq_event}: the actions run after the chip calls. */
        private void event() {
            events.begin(desc);
            // A snapshot: a handler may change the action list (free_irq from a handler).
            actions = desc.actionSnapshot();
            index = 0;
            retval = SpuriousDetector.IRQ_NONE;
            entered = false;
            after(chipOpsNs);
        }

        private void after(long ns) {
            if (ns == 0) {
                run();
            } else {
                executor.hold(cpu, ns, desc.flowSpan, this);
            }
        }

        /** The next step: an action's handler returns, the next one starts, or the event is over. */
        @Override
        public void run() {
            if (entered) {
                entered = false;
                retval |= events.runAction(desc, actions[index], cpu, cpuTrack);
                index++;
            }
            if (index < actions.length) {
                events.enterAction(desc, actions[index], cpuTrack);
                entered = true;
                after(hardHandlerNs);
                return;
            }
            events.end(desc, retval);
            afterEvent();
        }

        /** What the flow does after {@code handle_irq_event}; the edge flow may run it again. */
        private void afterEvent() {
            IrqDesc d = desc;
            FlowOutcome outcome = FlowOutcome.HANDLED;
            switch (d.flow) {
                case FASTEOI -> {
                    condUnmaskEoiIrq(d);
                    if (d.pending()) {
                        resend.checkIrqResend(d, false);
                    }
                }
                case LEVEL -> condUnmaskIrq(d);
                case EDGE -> {
                    if (d.pending() && !d.disabled()) {
                        outcome = edgeLoop(d);
                        if (outcome == null) {
                            event();
                            return;
                        }
                    }
                }
            }
            String track = cpuTrack;
            desc = null;
            finish(d, track, outcome);
        }
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
            desc.setPending(true, handlerName(desc.flow));
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
     * kernel/irq/chip.c {@code handle_fasteoi_irq} up to {@code handle_irq_event}: refused by
     * PM/in-progress → {@code cond_eoi_irq}; no action or disabled (the lazy-disable catch) →
     * IRQS_PENDING, {@code mask_irq}, {@code cond_eoi_irq}; else ONESHOT → {@code mask_irq} before the
     * handlers. After them ({@link FlowRun#afterEvent}): {@code cond_unmask_eoi_irq}, and
     * {@code check_irq_resend} if PENDING was set meanwhile.
     */
    private FlowOutcome fasteoiBefore(IrqDesc desc) {
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
        return null;
    }

    /**
     * kernel/irq/chip.c {@code handle_level_irq}: {@code mask_ack_irq} first, always; refused → stays
     * masked; else the actions run and then {@code cond_unmask_irq}.
     */
    private FlowOutcome levelBefore(IrqDesc desc) {
        chip.maskAckIrq(desc, "handle_level_irq");
        FlowOutcome refused = canHandle(desc);
        if (refused != null) {
            return refused;
        }
        desc.totalCount++;
        return null;
    }

    /**
     * kernel/irq/chip.c {@code handle_edge_irq}: refused → IRQS_PENDING and {@code mask_ack_irq}; else
     * {@code irq_ack}, then the loop ({@link #edgeLoop}): run the actions, again while PENDING and not
     * disabled.
     */
    private FlowOutcome edgeBefore(IrqDesc desc) {
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
        return edgeLoop(desc);
    }

    /**
     * The top of {@code handle_edge_irq}'s loop: no action → {@code mask_irq} and out (NO_ACTION);
     * PENDING while masked and not disabled → {@code unmask_irq}; null: run the actions.
     */
    private FlowOutcome edgeLoop(IrqDesc desc) {
        if (!desc.hasAction()) {
            chip.maskIrq(desc, "handle_edge_irq");
            return FlowOutcome.NO_ACTION;
        }
        if (desc.pending() && !desc.disabled() && desc.masked()) {
            chip.unmaskIrq(desc, "handle_edge_irq");
        }
        return null;
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

    private static String flowName(IrqDesc desc) {
        return switch (desc.flow) {
            case FASTEOI -> "fasteoi";
            case LEVEL -> "level";
            case EDGE -> "edge";
        };
    }

    static String handlerName(FlowType flow) {
        return switch (flow) {
            case FASTEOI -> "handle_fasteoi_irq";
            case LEVEL -> "handle_level_irq";
            case EDGE -> "handle_edge_irq";
        };
    }
}
