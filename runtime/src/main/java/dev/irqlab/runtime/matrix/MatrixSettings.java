package dev.irqlab.runtime.matrix;

/**
 * The workload every row runs: {@code events} device events, the first at {@code startNs}, one every
 * {@code periodNs} (long enough that an event is fully handled before the next), no jitter, a fixed
 * seed, and {@code drainNs} after the last for the stack to settle.
 */
public record MatrixSettings(int events, long startNs, long periodNs, long drainNs, long seed) {

    public static final int DEFAULT_EVENTS = 200;
    public static final long DEFAULT_START_NS = 1_000_000;
    public static final long DEFAULT_PERIOD_NS = 2_000_000;
    public static final long DEFAULT_DRAIN_NS = 20_000_000;
    public static final long DEFAULT_SEED = 1;

    public MatrixSettings {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, found " + events);
        }
        if (startNs < 0 || periodNs < 1 || drainNs < 0) {
            throw new IllegalArgumentException("start and drain must not be negative, period must be positive: start="
                    + startNs + "ns period=" + periodNs + "ns drain=" + drainNs + "ns");
        }
    }

    public static MatrixSettings defaults() {
        return withEvents(DEFAULT_EVENTS);
    }

    public static MatrixSettings withEvents(int events) {
        return new MatrixSettings(events, DEFAULT_START_NS, DEFAULT_PERIOD_NS, DEFAULT_DRAIN_NS, DEFAULT_SEED);
    }

    /** The run length: every event falls inside it (the last at {@code start + (events - 1) * period}). */
    public long durationNs() {
        return startNs + events * periodNs;
    }
}
