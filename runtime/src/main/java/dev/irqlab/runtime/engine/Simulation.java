package dev.irqlab.runtime.engine;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.sim.Work;
import dev.irqlab.api.trace.Trace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One simulation run's services: the event queue, the trace and seeded random streams. Every model
 * of the run gets this object as its {@link Sim}.
 */
public final class Simulation implements Sim {

    private final EventQueue queue = new EventQueue();
    private Trace trace;
    private final long seed;
    private final Chooser chooser;

    public Simulation(long seed, Trace trace) {
        this(seed, trace, null);
    }

    /**
     * A run whose choice points {@code chooser} decides (null: the plain run, alternative 0
     * everywhere): the order of simultaneous events of different actors, the models' own choices and
     * their random draws.
     */
    public Simulation(long seed, Trace trace, Chooser chooser) {
        this.seed = seed;
        this.trace = trace;
        this.chooser = chooser;
        queue.setChooser(chooser);
        if (chooser instanceof EventQueue.Listener listener) {
            queue.setListener(listener);
        }
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

    /**
     * From now on {@link #trace()} answers {@code direct}, which must take every event the run's trace
     * took so far would have passed to it, with the same {@link Trace#wantsDetail} answer: the runner's
     * tap, once its collector exists and no writer reads the trace, hands the models the collector
     * itself (one call per event instead of two). What a model kept of the old trace still works.
     */
    public void traceDirectly(Trace direct) {
        if (direct.wantsDetail() != trace.wantsDetail()) {
            throw new IllegalArgumentException("the direct trace must answer wantsDetail as the run's trace does");
        }
        this.trace = direct;
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
        SplittableRandom seeded = new SplittableRandom(seed ^ h ^ (h >>> 29));
        return chooser == null ? seeded : new DrawnRandom(stream, seeded, chooser);
    }

    /** Whether a chooser decides this run's choice points (an explorer's run, or a replay). */
    public boolean explored() {
        return chooser != null;
    }

    /** Reports an untraced access to {@code component}'s state to the chooser (see {@link Chooser#touch}). */
    public void touch(String component) {
        if (chooser != null) {
            chooser.touch(component);
        }
    }

    @Override
    public int choose(String what, int alternatives) {
        int plain = Sim.super.choose(what, alternatives);
        if (chooser == null) {
            return plain;
        }
        List<String> labels = new ArrayList<>(alternatives);
        for (int i = 0; i < alternatives; i++) {
            labels.add(what + " #" + i);
        }
        return chooser.choose(Chooser.Kind.MODEL, queue.now(), labels);
    }

    /**
     * A seeded stream whose every draw passes through the chooser, which records it (or, replaying a
     * schedule, returns the recorded value). The bounded draws are the seeded generator's own, so a
     * recording run draws what a plain run draws.
     */
    private record DrawnRandom(String stream, SplittableRandom seeded, Chooser chooser) implements RandomGenerator {
        @Override
        public long nextLong() {
            return chooser.draw(stream, seeded.nextLong());
        }

        @Override
        public long nextLong(long bound) {
            return chooser.draw(stream, seeded.nextLong(bound));
        }

        @Override
        public long nextLong(long origin, long bound) {
            return chooser.draw(stream, seeded.nextLong(origin, bound));
        }
    }

    public long seed() {
        return seed;
    }
}
