package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.metrics.RunMetrics;

/** The outcome of one matrix row: measured, or a combination the models say does not exist. */
public sealed interface RowResult permits RowResult.Measured, RowResult.NotAvailable {

    MatrixRow row();

    /** The row ran; its metrics come from its trace. */
    record Measured(MatrixRow row, RunMetrics metrics) implements RowResult {
    }

    /**
     * The runtime refused the combination before running it ({@code ScenarioRunner.check} or the
     * assembly); {@code reason} is its message.
     */
    record NotAvailable(MatrixRow row, String reason) implements RowResult {
    }
}
