package dev.irqlab.runtime.metrics;

/**
 * One scenario expectation checked against the run: {@code metric} within [{@code min}, {@code
 * max}] (either bound may be null: open); {@code actual} is null when the metric had no value.
 */
public record ExpectationResult(String metric, Long min, Long max, Long actual, boolean passed) {

    /** Checks {@code metric}'s value in {@code metrics} against the bounds. */
    public static ExpectationResult check(RunMetrics metrics, String metric, Long min, Long max) {
        MetricNames.requireValid(metric);
        return checkValid(metrics, metric, min, max);
    }

    /** {@link #check} of a metric name already found valid ({@link MetricNames#requireValid}), once for every run. */
    public static ExpectationResult checkValid(RunMetrics metrics, String metric, Long min, Long max) {
        java.util.OptionalLong v = metrics.value(metric);
        Long actual = v.isPresent() ? v.getAsLong() : null;
        boolean passed = actual != null && (min == null || actual >= min) && (max == null || actual <= max);
        return new ExpectationResult(metric, min, max, actual, passed);
    }

    /** The expected range as text: "0", "&gt;= 3", "&lt;= 5", "2..5" or "any". */
    public String expectedText() {
        if (min != null && max != null) {
            return min.equals(max) ? min.toString() : min + ".." + max;
        }
        if (min != null) {
            return ">= " + min;
        }
        if (max != null) {
            return "<= " + max;
        }
        return "any";
    }
}
