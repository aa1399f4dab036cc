package dev.irqlab.genirq;

import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.kernel.IrqFlag;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * kernel/irq/spurious.c {@code poll_spurious_irqs} and {@code try_one_irq(desc, true)} (Linux 6.17, the
 * {@code Kingxukai/linux} copy, commit 9b44fff6): after {@code note_interrupt} disabled a line ("nobody
 * cared", {@code IRQS_SPURIOUS_DISABLED}) it arms {@code poll_spurious_irq_timer} at
 * {@code jiffies + POLL_SPURIOUS_IRQ_INTERVAL} (HZ/10). The timer runs {@code handle_irq_event} on every
 * spurious-disabled line whose first action is {@code IRQF_SHARED} ("All handlers must agree on
 * IRQF_SHARED, so we test just the first"), although the line stays disabled, with
 * {@code IRQS_POLL_INPROGRESS} set so that {@code note_interrupt} ignores the result, again while
 * {@code IRQS_PENDING} is set; then it re-arms itself for another HZ/10.
 *
 * <p>In the kernel the timer re-arms itself for ever once armed; here it is armed, and re-armed, only
 * while a line it would poll exists (spurious-disabled, first action shared): a run on no such line
 * does nothing, and a timer that never stops would keep a run from draining. {@code irqfixup} /
 * {@code irqpoll} ({@code misrouted_irq}) are not modelled; per-CPU lines are never polled.
 */
final class SpuriousPoller {

    private final CpuExecutor executor;
    private final GenirqConfig config;
    private final KernelTrace trace;
    private final Supplier<Collection<IrqDesc>> descriptors;
    private final BiConsumer<IrqDesc, Integer> handleIrqEvent;
    /** The timer's expiry in jiffies, or -1 while it is not pending. */
    private long expires = -1;

    SpuriousPoller(CpuExecutor executor, GenirqConfig config, KernelTrace trace,
                   Supplier<Collection<IrqDesc>> descriptors, BiConsumer<IrqDesc, Integer> handleIrqEvent) {
        this.executor = executor;
        this.config = config;
        this.trace = trace;
        this.descriptors = descriptors;
        this.handleIrqEvent = handleIrqEvent;
    }

    /** {@code mod_timer(&poll_spurious_irq_timer, jiffies + POLL_SPURIOUS_IRQ_INTERVAL)}. */
    void modTimer() {
        if (descriptors.get().stream().noneMatch(SpuriousPoller::pollable)) {
            return;
        }
        long now = trace.now();
        long at = config.jiffies(now) + config.hz() / 10;
        if (at == expires) {
            return;
        }
        expires = at;
        // the tick at which jiffies reaches the expiry: ceil(at * 10^9 / HZ) ns after boot
        long dueNs = (at * 1_000_000_000L + config.hz() - 1) / config.hz();
        int cpu = Math.max(executor.currentCpu(), 0);
        executor.runOnTimer(cpu, Math.max(0, dueNs - now), "poll_spurious_irqs", () -> {
            if (expires == at) {
                expires = -1;
                pollSpuriousIrqs(cpu);
            }
        });
    }

    /** {@code poll_spurious_irqs}: every spurious-disabled line in irq order, then the timer again. */
    private void pollSpuriousIrqs(int cpu) {
        for (IrqDesc desc : descriptors.get()) {
            if (desc.spuriousDisabled) {
                tryOneIrq(desc, cpu);
            }
        }
        modTimer();
    }

    /** try_one_irq's refusals: no action, the first action not shared, or a per-CPU line. */
    private static boolean tryOneIrqAllowed(IrqDesc desc) {
        return desc.hasAction() && desc.actions.get(0).has(IrqFlag.SHARED) && !desc.actions.get(0).has(IrqFlag.PERCPU);
    }

    /**
     * {@code try_one_irq(desc, force = true)}: not a per-CPU line, the first action shared; mark
     * {@code IRQS_POLL_INPROGRESS} and run {@code handle_irq_event} while {@code IRQS_PENDING} comes back
     * and an action remains. (A line already in progress on another CPU cannot be seen here: every hard
     * interrupt runs to completion atomically.)
     */
    private void tryOneIrq(IrqDesc desc, int cpu) {
        if (!tryOneIrqAllowed(desc)) {
            return;
        }
        desc.pollInProgress = true;
        try {
            do {
                handleIrqEvent.accept(desc, cpu);
            } while (desc.pending() && desc.hasAction());
        } finally {
            desc.pollInProgress = false;
        }
    }

    private static boolean pollable(IrqDesc desc) {
        return desc.spuriousDisabled && tryOneIrqAllowed(desc);
    }
}
