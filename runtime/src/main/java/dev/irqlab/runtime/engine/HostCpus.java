package dev.irqlab.runtime.engine;

import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.sim.Scheduler;

/**
 * The host's CPUs as a {@link CpuExecutor}: an action runs at its due time on the named CPU. Host
 * CPUs are never taken away (no exits), so nothing is postponed; actions at the same instant run in
 * the order they were queued. Each CPU is an actor of the queue ({@code host.cpuN}).
 */
public final class HostCpus implements CpuExecutor {

    private final Scheduler scheduler;
    private final int cpus;
    private final String[] actors;
    private int current = -1;

    public HostCpus(Scheduler scheduler, int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("the host needs at least one CPU, got " + cpus);
        }
        this.scheduler = scheduler;
        this.cpus = cpus;
        this.actors = new String[cpus];
        for (int c = 0; c < cpus; c++) {
            actors[c] = "host.cpu" + c;
        }
    }

    @Override
    public void run(int cpu, long delayNs, String what, Runnable action) {
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("host CPU " + cpu + " does not exist (0.." + (cpus - 1) + ")");
        }
        scheduler.scheduleOn(actors[cpu], delayNs, what, () -> {
            int outer = current;
            current = cpu;
            try {
                action.run();
            } finally {
                current = outer;
            }
        });
    }

    @Override
    public int currentCpu() {
        return current;
    }
}
