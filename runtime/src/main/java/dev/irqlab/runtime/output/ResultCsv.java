package dev.irqlab.runtime.output;

import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.RunMetrics;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's result as CSV ({@link Csv}): a header {@code metric,value,expected-min,expected-max,verdict},
 * then one record per metric in {@link RunMetrics#values()} order (the names and numbers of the
 * result JSON), with the scenario's expectation of that metric when it has one ({@code PASS} or
 * {@code FAIL}; empty fields otherwise). An expectation of a metric without a value comes last,
 * with an empty value.
 */
public final class ResultCsv {

    private ResultCsv() {
    }

    public static void write(RunMetrics metrics, List<ExpectationResult> expectations, Writer out) {
        Map<String, ExpectationResult> byMetric = new LinkedHashMap<>();
        for (ExpectationResult e : expectations) {
            byMetric.putIfAbsent(e.metric(), e);
        }
        Csv csv = new Csv(out);
        csv.record(List.of("metric", "value", "expected-min", "expected-max", "verdict"));
        for (Map.Entry<String, Long> m : metrics.values().entrySet()) {
            csv.record(row(m.getKey(), String.valueOf(m.getValue()), byMetric.remove(m.getKey())));
        }
        for (ExpectationResult e : byMetric.values()) {
            csv.record(row(e.metric(), "", e));
        }
        csv.flush();
    }

    private static List<String> row(String metric, String value, ExpectationResult e) {
        if (e == null) {
            return List.of(metric, value, "", "", "");
        }
        return List.of(metric, value, e.min() == null ? "" : e.min().toString(),
                e.max() == null ? "" : e.max().toString(), e.passed() ? "PASS" : "FAIL");
    }
}
