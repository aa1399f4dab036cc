package dev.irqlab.genirq;

import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import java.util.EnumSet;
import java.util.Set;

/**
 * One {@code struct irqaction} (include/linux/interrupt.h): the handler pair a driver installed with
 * {@code request_threaded_irq}, its flags after {@code __setup_irq} adjusted them, its ONESHOT
 * {@code thread_mask} bit and its irq thread.
 */
final class IrqAction {

    /** {@code irq_default_primary_handler} (kernel/irq/manage.c): wakes the thread, nothing else. */
    static final IrqHandler DEFAULT_PRIMARY_HANDLER =
            IrqHandler.named("irq_default_primary_handler", irq -> IrqReturn.WAKE_THREAD);

    /**
     * {@code irq_forced_secondary_handler} (kernel/irq/manage.c): the primary of a forced-threading
     * secondary action; never called by the flow handler (the secondary is not on the action list).
     */
    static final IrqHandler FORCED_SECONDARY_HANDLER =
            IrqHandler.named("irq_forced_secondary_handler", irq -> IrqReturn.NONE);

    final IrqHandler handler;
    final IrqThreadFn threadFn;
    final Set<IrqFlag> flags;
    final String name;
    final Object devId;
    /** The kernel function {@link #handler} models ({@link IrqHandler.Named}), or null when unnamed. */
    final String handlerSymbol;
    /**
     * The kernel function {@link #threadFn} models, or null when unnamed or absent; under forced
     * threading the driver's primary handler, which the thread runs.
     */
    String threadSymbol;
    /** {@code flags & IRQF_TRIGGER_MASK}; {@code __setup_irq} fills in the descriptor's type when 0. */
    int triggerBits;
    /** {@code action->thread_mask}: one bit per ONESHOT action of the line, 0 otherwise. */
    long threadMask;
    /** The irq thread, when {@link #threadFn} is set ({@code setup_irq_thread}). */
    IrqThread thread;
    /** {@code IRQTF_FORCED_THREAD}: the driver's primary handler runs as this action's thread function. */
    boolean forcedThread;
    /**
     * {@code action->secondary}: under forced threading, the driver's own thread function, woken when
     * the forced thread returns {@code IRQ_WAKE_THREAD}; null otherwise.
     */
    IrqAction secondary;
    /** {@code IRQTF_WARNED}: {@code warn_no_thread} printed once. */
    boolean warnedNoThread;
    private String hardSpan;
    private int hardSpanIrq;

    IrqAction(IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags, String name, Object devId) {
        this.handler = handler;
        this.threadFn = threadFn;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(IrqFlag.class) : EnumSet.copyOf(flags);
        this.name = name;
        this.devId = devId;
        this.handlerSymbol = handler instanceof IrqHandler.Named n ? n.symbol() : null;
        this.threadSymbol = threadFn instanceof IrqThreadFn.Named n ? n.symbol() : null;
        this.triggerBits = IrqFlag.triggerBits(this.flags);
    }

    /** The trace span of the primary handler, "irq N name", built once per irq number. */
    String hardSpan(int irq) {
        if (hardSpan == null || hardSpanIrq != irq) {
            hardSpan = "irq " + irq + " " + name;
            hardSpanIrq = irq;
        }
        return hardSpan;
    }

    /** {@code action->handler == irq_forced_secondary_handler}. */
    boolean isForcedSecondary() {
        return handler == FORCED_SECONDARY_HANDLER;
    }

    boolean has(IrqFlag flag) {
        return flags.contains(flag);
    }

    /**
     * {@code action->flags} as the kernel prints it in "Flags mismatch" (include/linux/interrupt.h):
     * IRQF_TRIGGER_* in bits 0-3, IRQF_SHARED 0x80, IRQF_PERCPU 0x400, IRQF_ONESHOT 0x2000,
     * IRQF_NO_SUSPEND 0x4000, IRQF_NO_THREAD 0x10000, IRQF_NO_AUTOEN 0x80000.
     */
    int kernelFlags() {
        int f = triggerBits;
        if (has(IrqFlag.SHARED)) {
            f |= 0x80;
        }
        if (has(IrqFlag.PERCPU)) {
            f |= 0x400;
        }
        if (has(IrqFlag.ONESHOT)) {
            f |= 0x2000;
        }
        if (has(IrqFlag.NO_SUSPEND)) {
            f |= 0x4000;
        }
        if (has(IrqFlag.NO_THREAD)) {
            f |= 0x10000;
        }
        if (has(IrqFlag.NO_AUTOEN)) {
            f |= 0x80000;
        }
        return f;
    }
}
