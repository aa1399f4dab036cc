package dev.irqlab.api.sim;

import dev.irqlab.api.trace.Trace;
import java.util.random.RandomGenerator;

/**
 * What the engine gives one model instance: clock and scheduler, deferred work, event fds, seeded
 * randomness and the trace. One {@code Sim} exists per run; every model of the run shares it.
 *
 * <p>Protocol: models obtain everything time- or chance-dependent here, never from the JDK
 * (no {@code System.nanoTime}, no {@code new Random()}), so that a scenario and seed give the same
 * trace bytes every time.
 */
public interface Sim {

    Scheduler scheduler();

    Trace trace();

    /** Shorthand for {@code scheduler().now()}. */
    default long now() {
        return scheduler().now();
    }

    /**
     * A work item that runs {@code action} {@code latencyNs} after being scheduled.
     *
     * @param name for traces ("irqfd-inject gsi 8")
     */
    Work work(String name, long latencyNs, Runnable action);

    /** A new event fd with counter 0. */
    EventFd eventFd(String name);

    /**
     * A random generator for one named stream, derived from the scenario seed and the stream name,
     * so that adding a stream elsewhere does not change this one's sequence.
     */
    RandomGenerator random(String stream);

    /**
     * A nondeterministic choice a model makes (which of two racing paths the hardware takes): the
     * index of one of {@code alternatives} (at least two). A plain run answers 0; the explorer
     * tries every answer and records it in the schedule it replays.
     *
     * @param what         a short description, for schedules and reports
     * @param alternatives the number of alternatives
     */
    default int choose(String what, int alternatives) {
        if (alternatives < 2) {
            throw new IllegalArgumentException("a choice needs at least two alternatives, got " + alternatives
                    + " for '" + what + "'");
        }
        return 0;
    }
}
