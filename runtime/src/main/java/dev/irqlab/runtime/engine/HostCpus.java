package dev.irqlab.runtime.engine;

import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.sim.Scheduler;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The host's CPUs as a {@link CpuExecutor}: an action runs at its due time on the named CPU, unless
 * the CPU is held ({@link #hold}: a hard handler or a flow's chip operations running with interrupts
 * off). Work that comes due on a held CPU waits, in order, and runs when the hold's continuation has
 * run, as a real CPU takes its next interrupt or runs its next task after the handler returns. Host
 * CPUs are never taken away (no exits); actions at the same instant run in the order they were
 * queued. Each CPU is an actor of the queue ({@code host.cpuN}).
 */
public final class HostCpus implements CpuExecutor {

    private final Scheduler scheduler;
    private final int cpus;
    private final String[] actors;
    /** Per CPU: a hold's continuation is pending. */
    private final boolean[] held;
    /** Per CPU: work that came due while it was held, in order. */
    private final ArrayDeque<Runnable>[] waiting;
    /** Per CPU: the continuation of its pending hold. */
    private final Runnable[] continuation;
    /** Per CPU: the event that releases it and runs its continuation, made once (no allocation per hold). */
    private final Runnable[] release;
    private int current = -1;
    /** Arrivals that have run, for reuse: a stack ({@code freeArrivals[0..freeCount)}). */
    private Arrival[] freeArrivals = new Arrival[4];
    private int freeCount;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public HostCpus(Scheduler scheduler, int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("the host needs at least one CPU, got " + cpus);
        }
        this.scheduler = scheduler;
        this.cpus = cpus;
        this.actors = new String[cpus];
        this.held = new boolean[cpus];
        this.waiting = new ArrayDeque[cpus];
        this.continuation = new Runnable[cpus];
        this.release = new Runnable[cpus];
        for (int c = 0; c < cpus; c++) {
            actors[c] = "host.cpu" + c;
            int cpu = c;
            release[c] = () -> {
                Runnable action = continuation[cpu];
                continuation[cpu] = null;
                release(cpu, action);
            };
        }
    }

    @Override
    public void run(int cpu, long delayNs, String what, Runnable action) {
        check(cpu);
        Arrival a = freeCount == 0 ? new Arrival() : freeArrivals[--freeCount];
        a.cpu = cpu;
        a.action = action;
        scheduler.postOn(actors[cpu], delayNs, what, a);
    }

    /**
     * Work arriving at its CPU: it runs there now, or after the hold in progress. Reused: back on the
     * free list as it arrives (its event has begun and runs once; only its work goes on).
     */
    private final class Arrival implements Runnable {
        private int cpu;
        private Runnable action;

        @Override
        public void run() {
            int onCpu = cpu;
            Runnable work = action;
            action = null;
            if (freeCount == freeArrivals.length) {
                freeArrivals = Arrays.copyOf(freeArrivals, 2 * freeCount);
            }
            freeArrivals[freeCount++] = this;
            if (held[onCpu]) {
                if (waiting[onCpu] == null) {
                    waiting[onCpu] = new ArrayDeque<>();
                }
                waiting[onCpu].addLast(work);
            } else {
                execute(onCpu, work);
            }
        }
    }

    /** The CPU stays with the running code for {@code delayNs}, then {@code action} runs; see {@link CpuExecutor#hold}. */
    @Override
    public void hold(int cpu, long delayNs, String what, Runnable action) {
        check(cpu);
        held[cpu] = true;
        if (continuation[cpu] == null) {
            continuation[cpu] = action;
            scheduler.postOn(actors[cpu], delayNs, what, release[cpu]);
        } else {
            // a second hold before the first one's continuation ran: not made by genirq; kept correct
            scheduler.postOn(actors[cpu], delayNs, what, () -> release(cpu, action));
        }
    }

    /** A hold's continuation runs, then the work that came due meanwhile, unless it holds again. */
    private void release(int cpu, Runnable action) {
        held[cpu] = false;
        execute(cpu, action);
        ArrayDeque<Runnable> queue = waiting[cpu];
        while (!held[cpu] && queue != null && !queue.isEmpty()) {
            execute(cpu, queue.pollFirst());
        }
    }

    /** Whether a hold's continuation is pending on {@code cpu}. */
    public boolean held(int cpu) {
        check(cpu);
        return held[cpu];
    }

    private void execute(int cpu, Runnable action) {
        int outer = current;
        current = cpu;
        try {
            action.run();
        } finally {
            current = outer;
        }
    }

    private void check(int cpu) {
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("host CPU " + cpu + " does not exist (0.." + (cpus - 1) + ")");
        }
    }

    @Override
    public int currentCpu() {
        return current;
    }
}
