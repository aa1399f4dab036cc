package dev.irqlab.api.sim;

/**
 * An action a model queues many times a run (an executor's arrival, a periodic workload's next
 * event), as a class of its own rather than a lambda: the engine runs every event at one call site
 * that sees many classes, and calls one of these through the class's method table
 * ({@code invokevirtual}) instead of searching the receiver's interfaces for {@link Runnable}
 * ({@code invokeinterface}). Queued and run as any other {@link Runnable}: the order, the actor and
 * the trace are the same.
 */
public abstract class SimEvent implements Runnable {

    @Override
    public abstract void run();

    /** Runs {@code action}, through the method table when it is a {@code SimEvent}. */
    public static void run(Runnable action) {
        if (action instanceof SimEvent event) {
            event.run();
        } else {
            action.run();
        }
    }
}
