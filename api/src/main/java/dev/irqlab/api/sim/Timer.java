package dev.irqlab.api.sim;

/** A queued event; see {@link Scheduler#schedule}. */
public interface Timer {

    /** Removes the event from the queue if it has not run yet; does nothing otherwise. */
    void cancel();

    /** True while the event is queued (neither run nor cancelled). */
    boolean isPending();

    /** The virtual time the event is (or was) due at. */
    long dueTime();
}
