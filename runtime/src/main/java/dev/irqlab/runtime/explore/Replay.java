package dev.irqlab.runtime.explore;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.engine.RunControl;
import dev.irqlab.runtime.scenario.Scenario;

/** {@code irqlab run --schedule FILE}: one run of a scenario that takes the schedule's decisions. */
public final class Replay {

    private Replay() {
    }

    /**
     * Runs {@code s} under {@code schedule}; the schedule must have been made for this scenario's seed
     * (an {@link IllegalArgumentException} otherwise) and fit its choice points (an
     * {@link IllegalStateException} naming the first that does not).
     */
    public static RunOutcome run(ScenarioRunner runner, Scenario s, Schedule schedule, Trace output) {
        return run(runner, s, schedule, output, RunControl.unlimited());
    }

    /** {@link #run(ScenarioRunner, Scenario, Schedule, Trace)} within the bounds of {@code control}. */
    public static RunOutcome run(ScenarioRunner runner, Scenario s, Schedule schedule, Trace output,
                                 RunControl control) {
        if (schedule.seed() != s.seed()) {
            throw new IllegalArgumentException("the schedule is for seed " + schedule.seed() + ", the scenario "
                    + s.source() + " has seed " + s.seed());
        }
        return runner.run(s, output, new ScheduleChooser(schedule), schedule.rangePoints(), control);
    }
}
