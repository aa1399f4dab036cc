package dev.irqlab.genirq;

import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqDescState;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct irq_desc} (include/linux/irqdesc.h) with its {@code irq_data} state bits
 * ({@code IRQD_*}, include/linux/irq.h), {@code istate} bits ({@code IRQS_*}, kernel/irq/internals.h)
 * and settings ({@code _IRQ_*}, kernel/irq/settings.h).
 *
 * <p>A new descriptor starts as {@code desc_set_defaults} (kernel/irq/irqdesc.c) leaves it: depth 1,
 * {@code IRQD_IRQ_DISABLED} and {@code IRQD_IRQ_MASKED} set, not started. The four traced fields
 * ({@code depth}, {@code disabled}, {@code masked}, {@code IRQS_PENDING}) change only through their
 * setters, which emit a {@code StateChanged} naming the kernel function as cause.
 */
final class IrqDesc {

    /** {@code SPURIOUS_DEFERRED} (kernel/irq/spurious.c): bit 31 of {@code threads_handled_last}. */
    static final int SPURIOUS_DEFERRED = 0x80000000;

    final int irq;
    final int hwirq;
    /**
     * {@code irqd_get_trigger_type}: the firmware's type stored by {@code irq_create_fwspec_mapping},
     * replaced by the type {@code __irq_set_trigger} applied.
     */
    Trigger trigger;
    final FlowType flow;
    /** The trace span of the flow handler on a CPU, "irq N handle_..._irq" (also its hold's name). */
    final String flowSpan;
    final IrqChip chip;
    private final KernelTrace trace;

    /** {@code desc->action} chain, in request order; changed only through {@link #addAction} and {@link #removeAction}. */
    final List<IrqAction> actions = new ArrayList<>();
    /** The chain as an array, replaced (never changed) with every change of the chain: a flow's snapshot. */
    private IrqAction[] actionArray = {};

    // traced state
    private int depth = 1;
    private boolean disabled = true;
    private boolean masked = true;
    private boolean pending;

    // irq_data state
    boolean inProgress;
    boolean started;
    /** {@code IRQD_ACTIVATED}: the domain's {@code activate} ran ({@code irq_domain_activate_irq}). */
    boolean activated;
    /** {@code desc->irq_common_data.affinity}; all CPUs ({@code irq_default_affinity}) until set. */
    CpuMask affinity;
    /** {@code IRQD_AFFINITY_SET}: {@code irq_set_affinity} chose the affinity. */
    boolean affinitySet;
    /** {@code IRQD_WAKEUP_STATE}: {@code irq_set_irq_wake(irq, 1)} is in effect. */
    boolean wakeupSet;
    /** {@code IRQD_WAKEUP_ARMED}. */
    boolean wakeupArmed;

    // istate
    boolean replay;
    boolean oneshot;
    boolean suspended;
    boolean spuriousDisabled;
    /** {@code IRQS_POLL_INPROGRESS}: the spurious poller runs the actions ({@code try_one_irq}). */
    boolean pollInProgress;

    // settings
    /**
     * {@code irq_settings_is_level}: from the firmware's type at mapping (as the x86 IO-APIC domain sets
     * {@code IRQ_LEVEL}), then from the type {@code __irq_set_trigger} applied.
     */
    boolean level;
    /** {@code _IRQ_DISABLE_UNLAZY}. */
    boolean disableUnlazy;
    /** {@code _IRQ_NO_DEBUG} ({@code noirqdebug} at request). */
    boolean noDebug;

    // counters
    long threadsOneshot;
    int threadsActive;
    /** {@code desc->wait_for_threads}: continuations of {@code synchronize_irq} callers. */
    final List<Runnable> threadWaiters = new ArrayList<>(1);
    /** {@code atomic_t threads_handled}. */
    int threadsHandled;
    /** {@code threads_handled_last}, with {@link #SPURIOUS_DEFERRED} in bit 31. */
    int threadsHandledLast;
    private int irqCount;
    private int irqsUnhandled;
    /** {@code last_unhandled} in jiffies. */
    long lastUnhandled;
    long totalCount;
    int wakeDepth;
    int noSuspendDepth;

    IrqDesc(int irq, int hwirq, Trigger trigger, FlowType flow, IrqChip chip, CpuMask defaultAffinity,
            KernelTrace trace) {
        this.irq = irq;
        this.hwirq = hwirq;
        this.trigger = trigger;
        this.flow = flow;
        this.flowSpan = "irq " + irq + " " + FlowHandlers.handlerName(flow);
        this.chip = chip;
        this.trace = trace;
        this.level = trigger.isLevel();
        this.affinity = defaultAffinity;
    }

    int depth() {
        return depth;
    }

    /** Disable depths as text, built once for the usual small values. */
    private static final String[] DEPTHS = java.util.stream.IntStream.range(0, 16)
            .mapToObj(Integer::toString).toArray(String[]::new);

    private static String depthText(int depth) {
        return depth >= 0 && depth < DEPTHS.length ? DEPTHS[depth] : Integer.toString(depth);
    }

    void setDepth(int value, String cause) {
        if (value < 0) {
            throw new IllegalStateException("irq " + irq + ": negative disable depth " + value + " from " + cause);
        }
        if (value != depth) {
            trace.stateChanged(irq, KernelTrace.DEPTH, depthText(depth), depthText(value), cause);
            depth = value;
        }
    }

    /** {@code irqd_irq_disabled}. */
    boolean disabled() {
        return disabled;
    }

    void setDisabled(boolean value, String cause) {
        if (value != disabled) {
            trace.stateChanged(irq, KernelTrace.DISABLED, bit(disabled), bit(value), cause);
            disabled = value;
        }
    }

    /** {@code irqd_irq_masked}. */
    boolean masked() {
        return masked;
    }

    void setMasked(boolean value, String cause) {
        if (value != masked) {
            trace.stateChanged(irq, KernelTrace.MASKED, bit(masked), bit(value), cause);
            masked = value;
        }
    }

    /** Records {@code desc->irq_common_data.affinity}, traced as field {@code affinity} (a cpulist). */
    void setAffinity(CpuMask value, String cause) {
        if (!value.equals(affinity)) {
            if (trace.detail()) {
                trace.stateChanged(irq, KernelTrace.AFFINITY, affinity.toString(), value.toString(), cause);
            }
            affinity = value;
        }
    }

    /** {@code desc->irq_count}: interrupts counted in note_interrupt's window of 100,000. */
    int irqCount() {
        return irqCount;
    }

    /** Sets {@code desc->irq_count}, traced as field {@code irq_count}. */
    void setIrqCount(int value, String cause) {
        if (value != irqCount) {
            trace.counterChanged(irq, KernelTrace.IRQ_COUNT, irqCount, value, cause);
            irqCount = value;
        }
    }

    /** {@code desc->irqs_unhandled}: IRQ_NONE verdicts in the window ("nobody cared" above 99,900). */
    int irqsUnhandled() {
        return irqsUnhandled;
    }

    /** Sets {@code desc->irqs_unhandled}, traced as field {@code irqs_unhandled}. */
    void setIrqsUnhandled(int value, String cause) {
        if (value != irqsUnhandled) {
            trace.counterChanged(irq, KernelTrace.IRQS_UNHANDLED, irqsUnhandled, value, cause);
            irqsUnhandled = value;
        }
    }

    /** {@code desc->istate & IRQS_PENDING}. */
    boolean pending() {
        return pending;
    }

    void setPending(boolean value, String cause) {
        if (value != pending) {
            trace.stateChanged(irq, KernelTrace.IRQS_PENDING, bit(pending), bit(value), cause);
            pending = value;
        }
    }

    boolean hasAction() {
        return !actions.isEmpty();
    }

    void addAction(IrqAction action) {
        actions.add(action);
        actionArray = actions.toArray(new IrqAction[0]);
    }

    void removeAction(IrqAction action) {
        actions.remove(action);
        actionArray = actions.toArray(new IrqAction[0]);
    }

    /**
     * The actions as they are now, for a walk a handler may outlive (free_irq from a handler): the
     * array is not changed afterwards, so it needs no copy per interrupt.
     */
    IrqAction[] actionSnapshot() {
        return actionArray;
    }

    IrqDescState snapshot() {
        return new IrqDescState(irq, hwirq, depth, disabled, masked, inProgress, pending, replay, oneshot,
                threadsOneshot, wakeupArmed, wakeDepth, spuriousDisabled, irqCount, irqsUnhandled, totalCount);
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
