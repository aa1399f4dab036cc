package dev.irqlab.runtime.scenario;

/**
 * A metric's expected range, inclusive. An exact expectation has {@code min == max}; an open bound
 * is {@code Long.MIN_VALUE} / {@code Long.MAX_VALUE}. Latency metrics are in nanoseconds.
 *
 * @param location where the metric name is written, for reports
 */
public record Expectation(String metric, long min, long max, Location location) {

    public boolean accepts(long value) {
        return value >= min && value <= max;
    }
}
