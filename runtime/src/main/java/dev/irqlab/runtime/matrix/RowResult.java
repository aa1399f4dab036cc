package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.metrics.RunMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of one matrix row: measured, or a combination the models say does not exist. */
public sealed interface RowResult permits RowResult.Measured, RowResult.NotAvailable {

    MatrixRow row();

    /**
     * The row ran; its metrics come from its trace; {@code versions} are the releases its models
     * followed ({@code RunInfo.versions}).
     */
    record Measured(MatrixRow row, RunMetrics metrics, Map<String, String> versions) implements RowResult {
        public Measured {
            versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        }
    }

    /**
     * The runtime refused the combination before running it ({@code ScenarioRunner.check} or the
     * assembly); {@code reason} is its message.
     */
    record NotAvailable(MatrixRow row, String reason) implements RowResult {
    }
}
