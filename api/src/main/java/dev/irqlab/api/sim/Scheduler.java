package dev.irqlab.api.sim;

/**
 * The virtual clock and the event queue of one simulation run.
 *
 * <p>Protocol: time is in nanoseconds, starts at 0 and only moves forward, when the engine takes the
 * next event off its queue. Events are ordered by (time, insertion sequence): two events scheduled
 * for the same instant run in the order they were scheduled. An action runs on the simulation thread
 * and may schedule further events, including at the current instant (they run after every event
 * already queued for that instant). Models never read a wall clock.
 */
public interface Scheduler {

    /** The current virtual time in nanoseconds. */
    long now();

    /**
     * Queues {@code action} to run {@code delayNs} from now.
     *
     * @param delayNs  non-negative delay in nanoseconds
     * @param what     a short description, used by traces and error messages
     * @param action   the work to do
     * @return a handle that can cancel the event before it runs
     * @throws IllegalArgumentException if {@code delayNs} is negative
     */
    Timer schedule(long delayNs, String what, Runnable action);

    /**
     * Queues {@code action} at the absolute virtual time {@code timeNs}.
     *
     * @throws IllegalArgumentException if {@code timeNs} lies in the past
     */
    Timer scheduleAt(long timeNs, String what, Runnable action);

    /**
     * {@link #schedule} for an event that runs on a named actor (a CPU, a vCPU, a work item): events
     * of one actor keep their order, events of different actors due at the same instant are a
     * choice an explorer may take either way. An event queued without an actor runs on the timer
     * its {@code what} names. Engines that do not explore ignore the actor.
     *
     * @param actor the actor's name ("host.cpu0", "vm0.vcpu1")
     */
    default Timer scheduleOn(String actor, long delayNs, String what, Runnable action) {
        return schedule(delayNs, what, action);
    }

    /** {@link #scheduleAt} for an event that runs on a named actor; see {@link #scheduleOn}. */
    default Timer scheduleAtOn(String actor, long timeNs, String what, Runnable action) {
        return scheduleAt(timeNs, what, action);
    }

    /**
     * {@link #scheduleOn} for an event its caller will neither cancel nor ask about: there is no
     * handle, so the engine may reuse the event's storage once it has run, and the hot path queues
     * without allocating an event. Order, actor and choice points are those of {@code scheduleOn}.
     */
    default void postOn(String actor, long delayNs, String what, Runnable action) {
        scheduleOn(actor, delayNs, what, action);
    }

    /** {@link #schedule} without a handle; see {@link #postOn}. */
    default void post(long delayNs, String what, Runnable action) {
        schedule(delayNs, what, action);
    }

    /** {@link #scheduleAt} without a handle; see {@link #postOn}. */
    default void postAt(long timeNs, String what, Runnable action) {
        scheduleAt(timeNs, what, action);
    }

    /** {@link #scheduleAtOn} without a handle; see {@link #postOn}. */
    default void postAtOn(String actor, long timeNs, String what, Runnable action) {
        scheduleAtOn(actor, timeNs, what, action);
    }
}
