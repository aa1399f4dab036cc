package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.sim.Work;
import dev.irqlab.api.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One simulation run's services: the event queue, the trace and seeded random streams. Every model
 * of the run gets this object as its {@link Sim}.
 */
public final class Simulation implements Sim {

    private final EventQueue queue = new EventQueue();
    private final Trace trace;
    private final long seed;

    public Simulation(long seed, Trace trace) {
        this.seed = seed;
        this.trace = trace;
    }

    @Override
    public Scheduler scheduler() {
        return queue;
    }

    /** The engine's own view of the queue (run loop, counters). */
    public EventQueue queue() {
        return queue;
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public Work work(String name, long latencyNs, Runnable action) {
        return new SimWork(queue, name, latencyNs, action);
    }

    @Override
    public EventFd eventFd(String name) {
        return new SimEventFd(name, queue, trace);
    }

    /**
     * A generator whose sequence depends only on the run's seed and the stream name (FNV-1a over
     * the UTF-8 bytes of the name, mixed into the seed), never on creation order.
     */
    @Override
    public RandomGenerator random(String stream) {
        long h = 0xcbf29ce484222325L;
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ h ^ (h >>> 29));
    }

    public long seed() {
        return seed;
    }
}
