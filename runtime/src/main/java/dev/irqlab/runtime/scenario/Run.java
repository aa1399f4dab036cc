package dev.irqlab.runtime.scenario;

/**
 * How long the scenario runs: workload for {@code durationNs}, then a drain phase without new
 * workload of at most {@code drainNs}.
 */
public record Run(long durationNs, long drainNs) {
    /** {@code run.drain} when not written. */
    public static final long DEFAULT_DRAIN_NS = 100_000_000L;
}
