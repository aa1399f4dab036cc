package dev.irqlab.runtime.metrics;

/**
 * A latency distribution in nanoseconds: sample count, exact minimum and maximum, and the median
 * and 99th percentile as an HdrHistogram with 3 significant digits reports them (so within 0.1 %),
 * clamped to [min, max].
 */
public record LatencySummary(long samples, long min, long median, long p99, long max) {

    public LatencySummary {
        if (samples <= 0 || min > median || median > p99 || p99 > max) {
            throw new IllegalStateException("inconsistent latency summary: samples=" + samples + " min=" + min
                + " median=" + median + " p99=" + p99 + " max=" + max);
        }
    }

    /** The statistic named "min", "median", "p99" or "max"; "samples" for the count. */
    public long statistic(String name) {
        switch (name) {
            case "min":
                return min;
            case "median":
                return median;
            case "p99":
                return p99;
            case "max":
                return max;
            case "samples":
                return samples;
            default:
                throw new IllegalArgumentException("latency statistic \"" + name
                    + "\"; allowed: min, median, p99, max, samples");
        }
    }
}
