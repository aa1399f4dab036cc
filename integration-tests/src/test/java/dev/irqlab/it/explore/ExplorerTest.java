package dev.irqlab.it.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.explore.Check;
import dev.irqlab.runtime.explore.ExploreResult;
import dev.irqlab.runtime.explore.ExploreSettings;
import dev.irqlab.runtime.explore.Explorer;
import dev.irqlab.runtime.explore.ParallelExplorer;
import dev.irqlab.runtime.explore.Reduction;
import dev.irqlab.runtime.explore.Schedule;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The explorer on the project's own material (issue 14, item 5). */
class ExplorerTest {

    private static final Set<Check> ALL = EnumSet.allOf(Check.class);

    static ExploreSettings settings(long maxSchedules, Reduction reduction, Set<Check> checks, boolean expect) {
        return new ExploreSettings(maxSchedules, Long.MAX_VALUE, 10_000, reduction, checks, expect,
                Schedule.DEFAULT_RANGE_POINTS, ExploreSettings.DEFAULT_SPLIT_DEPTH, 0, 1);
    }

    static ExploreResult explore(Scenario s, ExploreSettings st) {
        return new Explorer(new ScenarioRunner(ScheduleReplayTest.REGISTRY)).explore(s, st, null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"elan-i2c-invalid-report-arm64-gicv3.yaml", "elan-i2c-invalid-report-x86-ioapic.yaml"})
    @DisplayName("upstream without a fix, --check no-spurious: the stale re-injection on the first schedule")
    void upstreamStaleReinjectionOnFirstSchedule(String file) {
        Scenario s = ScheduleReplayTest.load(file);
        ExploreResult r = explore(s, settings(1, Reduction.DPOR, EnumSet.of(Check.NO_SPURIOUS), false));
        assertEquals(1, r.schedules());
        assertEquals(1, r.violating(), r.toString());
        assertEquals(List.of(), r.counterexample().orElseThrow().minimised(), "the plain schedule itself");
        assertTrue(r.counterexample().get().violations().get(0).startsWith("no-spurious: 20 spurious"),
                r.counterexample().get().violations().toString());
        // The expectation-free invariants hold there: nothing is lost, nothing wedges.
        ExploreResult invariants = explore(s, settings(1, Reduction.DPOR, Check.invariants(), false));
        assertEquals(0, invariants.violating());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"explore/elan-i2c-ranged-x86-resample-on-unmask.yaml",
            "explore/elan-i2c-ranged-x86-irqfd-mask-notifier.yaml",
            "explore/elan-i2c-ranged-arm64-irqfd-mask-notifier.yaml"})
    @DisplayName("the fixes: no spurious, no lost, no wedge in any schedule of 3 touches with ranged latencies")
    void fixesHoldInEverySchedule(String file) {
        Scenario s = ScheduleReplayTest.load(file);
        ExploreResult r = explore(s, settings(100_000, Reduction.DPOR, ALL, true));
        assertTrue(r.exhaustive(), "exhaustive within the bounds");
        assertFalse(r.boundsCut());
        assertTrue(r.schedules() >= 243, "5 ranges at 3 points each are 243 value sets: " + r);
        assertEquals(0, r.violating(), r.counterexample().toString());
    }

    @Test
    @DisplayName("DPOR reaches the end states naive enumeration reaches, with fewer schedules")
    void dporAgreesWithNaive() {
        Scenario s = ScheduleReplayTest.load("elan-i2c-invalid-report-arm64-gicv3.yaml");
        ExploreSettings naive = new ExploreSettings(100_000, 16_500_000L, 10_000, Reduction.NONE, ALL, false,
                3, 0, 0, 1);
        ExploreSettings dpor = new ExploreSettings(100_000, 16_500_000L, 10_000, Reduction.DPOR, ALL, false,
                3, 0, 0, 1);
        ExploreResult a = explore(s, naive);
        ExploreResult b = explore(s, dpor);
        assertTrue(a.exhaustive() && b.exhaustive());
        assertEquals(a.endStates(), b.endStates());
        assertEquals(a.violating() > 0, b.violating() > 0);
        assertTrue(b.schedules() < a.schedules(), a.schedules() + " naive, " + b.schedules() + " dpor");
    }

    @Test
    @DisplayName("shards 0..2 of 3, and 3 threads, merge into the unsharded result")
    void shardsMergeToUnsharded() {
        Scenario s = ScheduleReplayTest.load("explore/elan-i2c-ranged-arm64-irqfd-mask-notifier.yaml");
        ExploreSettings st = settings(100_000, Reduction.DPOR, ALL, true);
        ExploreResult whole = explore(s, st);
        List<ExploreResult> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(explore(s, st.shard(i, 3)));
        }
        assertTrue(shards.stream().allMatch(r -> r.schedules() > 0), "every shard has work");
        assertEquals(whole.verdict(), ExploreResult.merge(shards).verdict());
        ExploreResult threaded = new ParallelExplorer(new ScenarioRunner(ScheduleReplayTest.REGISTRY), 3)
                .explore(s, st, null);
        assertEquals(whole.verdict(), threaded.verdict());
    }

    @Test
    @DisplayName("irqfd_resampler_ack's de-assert-before-notify window delays an event in it, never loses it")
    void resamplerWindowOnlyDelays() {
        Scenario s = ScheduleReplayTest.load("explore/resampler-ack-window-arm64-level.yaml");
        ExploreResult r = explore(s, settings(100_000, Reduction.DPOR, ALL, true));
        assertTrue(r.exhaustive());
        assertEquals(0, r.violating(), "no schedule loses or wedges: " + r.counterexample());
        Explorer explorer = new Explorer(new ScenarioRunner(ScheduleReplayTest.REGISTRY));
        ExploreSettings st = settings(1, Reduction.DPOR, ALL, true);
        // The first choice is the window's value: 0 (the plain run), 20us (index 1), 10us (index 2).
        long atOnce = maxAssertToHandler(explorer.run(s, new Schedule(s.seed(), 3, List.of(0), List.of()), st, null));
        long window = maxAssertToHandler(explorer.run(s, new Schedule(s.seed(), 3, List.of(1), List.of()), st, null));
        assertEquals(3_000, atOnce, "the second event reaches the guest handler 3us after its assert");
        assertEquals(16_000, window, "in a 20us window it waits for the resamplefd's unmask, 13us more");
    }

    private static long maxAssertToHandler(Explorer.Run run) {
        assertEquals(2, run.outcome().metrics().served(), "both events served");
        return run.outcome().metrics().assertToHandler().orElseThrow().max();
    }
}
