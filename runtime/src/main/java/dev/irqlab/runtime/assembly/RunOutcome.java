package dev.irqlab.runtime.assembly;

import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import java.util.List;

/**
 * What one run produced: where it ended, the metrics computed from its trace, and the verdict of
 * each expectation of the scenario.
 */
public record RunOutcome(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations) {
    public RunOutcome {
        expectations = List.copyOf(expectations);
    }

    /** True when every expectation holds (vacuously true without expectations). */
    public boolean passed() {
        return expectations.stream().allMatch(ExpectationResult::passed);
    }
}
