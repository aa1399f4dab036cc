package dev.irqlab.genirq;

import dev.irqlab.api.kernel.CpuExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * kernel/irq/manage.c {@code __synchronize_irq} (Linux 6.17): {@code __synchronize_hardirq}, then
 * {@code wait_event(desc->wait_for_threads, !atomic_read(&desc->threads_active))}.
 *
 * <p>Hard handlers are atomic in the model, so only the thread part can wait. A caller whose irq has
 * no woken or running thread continues at once (no trace event); otherwise its continuation is queued
 * on {@code wait_for_threads} and the wait shows as a span "&lt;caller&gt;: synchronize_irq" on track
 * "synchronize_irq/&lt;irq&gt;". When the last thread finishes ({@code wake_threads_waitq}), every waiter
 * is woken and runs on the CPU it waited on, after the current work there. The chip-level part
 * ({@code __irq_get_irqchip_state(IRQCHIP_STATE_ACTIVE)}) is not modelled.
 */
final class SynchronizeIrq {

    private final CpuExecutor executor;
    private final KernelTrace trace;

    SynchronizeIrq(CpuExecutor executor, KernelTrace trace) {
        this.executor = executor;
        this.trace = trace;
    }

    /** {@code synchronize_irq} called from {@code caller}; {@code then} runs when it returns. */
    void synchronizeIrq(IrqDesc desc, String caller, Runnable then) {
        if (desc.threadsActive == 0) {
            then.run();
            return;
        }
        int cpu = Math.max(executor.currentCpu(), 0);
        String track = "synchronize_irq/" + desc.irq;
        String span = caller + ": synchronize_irq";
        trace.spanBegin(track, span);
        desc.threadWaiters.add(() -> executor.run(cpu, 0, caller + " after synchronize_irq", () -> {
            trace.spanEnd(track, span);
            then.run();
        }));
    }

    /** kernel/irq/manage.c {@code wake_threads_waitq}: {@code threads_active--}; at 0 wake every waiter. */
    void threadFinished(IrqDesc desc) {
        desc.threadsActive--;
        if (desc.threadsActive == 0 && !desc.threadWaiters.isEmpty()) {
            List<Runnable> woken = new ArrayList<>(desc.threadWaiters);
            desc.threadWaiters.clear();
            woken.forEach(Runnable::run);
        }
    }
}
