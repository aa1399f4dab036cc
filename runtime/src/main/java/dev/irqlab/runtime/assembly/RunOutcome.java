package dev.irqlab.runtime.assembly;

import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.output.ResultJson;
import java.util.List;

/**
 * What one run produced: where it ended, the metrics computed from its trace, the verdict of each
 * expectation of the scenario, and the scenario as it ran (ranges resolved, the virtual controller
 * chosen).
 */
public record RunOutcome(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations,
                         ResultJson.AsRun asRun) {
    public RunOutcome {
        expectations = List.copyOf(expectations);
    }

    /** True when every expectation holds (vacuously true without expectations). */
    public boolean passed() {
        return expectations.stream().allMatch(ExpectationResult::passed);
    }
}
