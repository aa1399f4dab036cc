package dev.irqlab.tck;

import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.engine.HostCpus;
import dev.irqlab.runtime.engine.Simulation;

/**
 * A simulation for unit and contract tests: the runtime's real engine with a recording trace.
 * Tests build models on {@link #sim()}, poke them, and {@link #runFor} virtual time.
 */
public final class SimHarness {

    private final RecordingTrace trace = new RecordingTrace();
    private final Simulation simulation;

    public SimHarness() {
        this(1L);
    }

    public SimHarness(long seed) {
        this.simulation = new Simulation(seed, trace);
    }

    public Sim sim() {
        return simulation;
    }

    /**
     * A simulation whose trace reads nothing ({@link Trace#discard}), as a run without {@code --trace}
     * has: for models that record a state change only for a trace that reads it.
     */
    public static Sim withoutTrace() {
        return new Simulation(1L, Trace.discard());
    }

    /** Host CPUs (no exits) for kernels under test: actions run at their due time. */
    public CpuExecutor hostCpus(int cpus) {
        return new HostCpus(simulation.scheduler(), cpus);
    }

    public RecordingTrace trace() {
        return trace;
    }

    public long now() {
        return simulation.now();
    }

    /** Runs every event due within the next {@code ns} and advances the clock by {@code ns}. */
    public long runFor(long ns) {
        return simulation.queue().runUntil(simulation.now() + ns, true);
    }

    /** Runs until the queue is empty (throws if more than {@code maxEvents} run: a livelock in a test). */
    public long runToIdle(long maxEvents) {
        long n = 0;
        while (simulation.queue().step()) {
            if (++n > maxEvents) {
                throw new IllegalStateException("more than " + maxEvents + " events: the model does not settle");
            }
        }
        return n;
    }

    public static long us(long v) {
        return v * 1_000L;
    }

    public static long ms(long v) {
        return v * 1_000_000L;
    }
}
