package dev.irqlab.runtime.metrics;

import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Latency samples in bounded memory: an auto-resizing HdrHistogram plus exact min and max. */
final class LatencyRecorder {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void record(long ns) {
        if (ns < 0) {
            throw new IllegalStateException("negative latency " + ns + " ns: trace events out of time order");
        }
        histogram.recordValue(ns);
        min = Math.min(min, ns);
        max = Math.max(max, ns);
    }

    Optional<LatencySummary> summary() {
        long n = histogram.getTotalCount();
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(new LatencySummary(n, min, clamp(histogram.getValueAtPercentile(50.0)),
            clamp(histogram.getValueAtPercentile(99.0)), max));
    }

    /** The histogram reports a bucket's highest equivalent value, which may lie past the exact max. */
    private long clamp(long v) {
        return Math.max(min, Math.min(max, v));
    }
}
