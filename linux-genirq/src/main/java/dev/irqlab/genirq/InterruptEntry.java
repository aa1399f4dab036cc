package dev.irqlab.genirq;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.kernel.CpuExecutor;

/**
 * The interrupt input of one CPU and its exception entry (arm64 {@code el1_interrupt} →
 * {@code handle_arch_irq} = {@code gic_handle_irq}; x86 {@code common_interrupt}).
 *
 * <p>When the controller asserts the line, one entry is scheduled on the kernel's executor after the
 * {@code irq-entry} latency; at most one is queued per CPU. The entry acknowledges the controller and
 * dispatches (see {@link LinuxIrqCore#handleArchIrq}); afterwards, if the line is (still or again)
 * asserted, the CPU takes the exception again, as it would on return from the handler with
 * interrupts unmasked. A flow that takes time holds the CPU ({@code CpuExecutor.hold}): the next
 * entry, queued meanwhile, runs when the flow has ended.
 */
final class InterruptEntry implements CpuIrqLine {

    /** What an entry does on its CPU. */
    @FunctionalInterface
    interface ArchHandler {
        void handleArchIrq(int cpu);
    }

    private final int cpu;
    private final CpuExecutor executor;
    private final long entryNs;
    private final ArchHandler handler;
    private final String what;
    /** The entry as an event, made once. */
    private final Runnable enter = this::enter;
    private boolean asserted;
    private boolean queued;
    private boolean inEntry;

    InterruptEntry(int cpu, CpuExecutor executor, long entryNs, ArchHandler handler, String kernel) {
        this.cpu = cpu;
        this.executor = executor;
        this.entryNs = entryNs;
        this.handler = handler;
        this.what = kernel + " irq entry cpu" + cpu;
    }

    @Override
    public void set(boolean level) {
        asserted = level;
        if (level && !queued && !inEntry) {
            schedule();
        }
    }

    boolean asserted() {
        return asserted;
    }

    private void schedule() {
        queued = true;
        executor.run(cpu, entryNs, what, enter);
    }

    private void enter() {
        queued = false;
        inEntry = true;
        try {
            handler.handleArchIrq(cpu);
        } finally {
            inEntry = false;
        }
        if (asserted && !queued) {
            schedule();
        }
    }
}
