package dev.irqlab.runtime.engine;

import java.util.Optional;

/**
 * Bounds on one run, checked between events so that a stopped run ends at an event boundary with
 * every output consistent. The simulation reads no clock: the {@link Checkpoint} belongs to the
 * caller (the CLI, the only wall-clock reader), which decides from outside whether to stop.
 */
public final class RunControl {

    /** How often, in events, the checkpoint is asked. */
    public static final int CHECK_EVERY = 1024;

    /** The caller's view of the run every {@link #CHECK_EVERY} events; returns why to stop, or empty. */
    @FunctionalInterface
    public interface Checkpoint {
        Optional<String> check(long nowNs, long events);
    }

    private final long maxEvents;
    private final Checkpoint checkpoint;
    private String stopped;

    /**
     * @param maxEvents  stop before running more events than this ({@code Long.MAX_VALUE}: no bound)
     * @param checkpoint asked every {@link #CHECK_EVERY} events
     */
    public RunControl(long maxEvents, Checkpoint checkpoint) {
        this.maxEvents = maxEvents;
        this.checkpoint = checkpoint;
    }

    /** No bound, no checkpoint. */
    public static RunControl unlimited() {
        return new RunControl(Long.MAX_VALUE, (now, events) -> Optional.empty());
    }

    long maxEvents() {
        return maxEvents;
    }

    /**
     * The first event count from {@code events} on at which {@link #shouldStop} may answer true (or asks
     * the checkpoint): below it, it answers false. Once stopped, {@code events} itself.
     */
    long nextCheck(long events) {
        if (stopped != null) {
            return events;
        }
        long nextCheckpoint = (events + CHECK_EVERY - 1) / CHECK_EVERY * CHECK_EVERY;
        return Math.min(maxEvents, nextCheckpoint);
    }

    /** True when the run must stop after {@code events} events at {@code nowNs}. */
    boolean shouldStop(long nowNs, long events) {
        if (stopped != null) {
            return true;
        }
        if (events >= maxEvents) {
            stopped = "--max-events " + maxEvents + " reached";
            return true;
        }
        if (events % CHECK_EVERY == 0) {
            checkpoint.check(nowNs, events).ifPresent(reason -> stopped = reason);
        }
        return stopped != null;
    }

    /** Why the run was stopped before its end, if it was. */
    public Optional<String> stopped() {
        return Optional.ofNullable(stopped);
    }
}
