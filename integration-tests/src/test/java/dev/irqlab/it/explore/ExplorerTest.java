package dev.irqlab.it.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.explore.Check;
import dev.irqlab.runtime.explore.Counterexample;
import dev.irqlab.runtime.explore.ExploreResult;
import dev.irqlab.runtime.explore.ExploreSettings;
import dev.irqlab.runtime.explore.Explorer;
import dev.irqlab.runtime.explore.ParallelExplorer;
import dev.irqlab.runtime.explore.Reduction;
import dev.irqlab.runtime.explore.Schedule;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DPOR", "SOURCE", "OPTIMAL"})
    @DisplayName("with a violation: shards 0..2 of 3 merge into the unsharded result, its counterexample included")
    void shardsMergeAViolation(Reduction reduction) {
        Scenario s = ScheduleReplayTest.load("explore/vgic-resample-on-enable-notify-before-clear-arm64.yaml");
        ExploreSettings st = settings(100_000, reduction, ALL, true);
        ExploreResult whole = explore(s, st);
        assertTrue(whole.counterexample().isPresent(), whole.toString());
        List<ExploreResult> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(explore(s, st.shard(i, 3)));
        }
        assertEquals(whole.verdict(), ExploreResult.merge(shards).verdict());
    }

    @Test
    @DisplayName("irqfd_resampler_ack's de-assert-before-notify window delays an event in it, never loses it")
    void resamplerWindowOnlyDelays() {
        Scenario s = ScheduleReplayTest.load("explore/resampler-ack-window-arm64-level.yaml");
        ExploreResult r = explore(s, settings(100_000, Reduction.DPOR, ALL, true));
        assertTrue(r.exhaustive());
        assertEquals(0, r.violating(), "no schedule loses or wedges: " + r.counterexample());
        // The first choice is the window's value: 0 (the plain run), 20us (index 1), 10us (index 2).
        long atOnce = maxAssertToHandler(replay(s, List.of(0)));
        long window = maxAssertToHandler(replay(s, List.of(1)));
        // host entry, chip calls and handler, then the guest's: its handler returns 8us after the assert
        assertEquals(8_000, atOnce, "the second event reaches the guest handler 8us after its assert");
        assertEquals(26_000, window, "in a 20us window it waits for the resamplefd's unmask, 18us more");
    }

    @Test
    @DisplayName("one runner, the window's values in turns: each run takes its own value, as on a runner of its own")
    void oneRunnerResolvesEachRunsRanges() {
        Scenario s = ScheduleReplayTest.load("explore/resampler-ack-window-arm64-level.yaml");
        Explorer shared = new Explorer(new ScenarioRunner(ScheduleReplayTest.REGISTRY));
        for (int turn = 0; turn < 2; turn++) {
            assertEquals(8_000, maxAssertToHandler(replay(shared, s, List.of(0))), "turn " + turn + ", window 0");
            assertEquals(26_000, maxAssertToHandler(replay(shared, s, List.of(1))), "turn " + turn + ", window 20us");
        }
    }

    /** One schedule of {@code s}, run and checked against every check and its expect: block. */
    private static Explorer.Run replay(Scenario s, List<Integer> picks) {
        return replay(new Explorer(new ScenarioRunner(ScheduleReplayTest.REGISTRY)), s, picks);
    }

    private static Explorer.Run replay(Explorer explorer, Scenario s, List<Integer> picks) {
        return explorer.run(s, new Schedule(s.seed(), Schedule.DEFAULT_RANGE_POINTS, picks, List.of()),
                settings(1, Reduction.SOURCE, ALL, true), null);
    }

    private static long maxAssertToHandler(Explorer.Run run) {
        assertEquals(2, run.outcome().metrics().served(), "both events served");
        return run.outcome().metrics().assertToHandler().orElseThrow().max();
    }

    @Test
    @DisplayName("vgic-resample-on-enable notify-before-clear: the lost interrupt found; clear-before-notify: none")
    void vgicResampleOnEnableOrder() {
        Scenario bad = ScheduleReplayTest.load("explore/vgic-resample-on-enable-notify-before-clear-arm64.yaml");
        ExploreResult found = explore(bad, settings(100_000, Reduction.SOURCE, ALL, true));
        assertTrue(found.exhaustive());
        assertTrue(found.violating() > 0, found.toString());
        Counterexample cex = found.counterexample().orElseThrow();
        assertTrue(cex.violations().stream().anyMatch(v -> v.startsWith("no-lost: 1 device event")),
                cex.violations().toString());
        assertTrue(cex.violations().stream().anyMatch(v -> v.startsWith("no-wedge: sensor")),
                cex.violations().toString());
        assertEquals(1, cex.deviations(), "one deviation from the plain run: a window value: " + cex);
        // Replaying the minimised schedule reproduces it; the plain schedule (window 0) does not lose.
        Explorer.Run again = replay(bad, cex.minimised());
        assertEquals(cex.violations(), again.violations());
        assertEquals(1, again.outcome().metrics().lost());
        assertEquals(List.of(), replay(bad, List.of()).violations());

        Scenario good = ScheduleReplayTest.load("explore/vgic-resample-on-enable-clear-before-notify-arm64.yaml");
        ExploreResult none = explore(good, settings(100_000, Reduction.SOURCE, ALL, true));
        assertTrue(none.exhaustive());
        assertTrue(none.schedules() >= 3, "every window value: " + none);
        assertEquals(0, none.violating(), none.counterexample().toString());
    }

    /**
     * Naive enumeration runs every schedule; the reductions must reach every Mazurkiewicz trace class
     * (equivalence under swapping independent events) it reaches, and so every end state and verdict.
     * Source-set DPOR with sleep sets, and optimal DPOR, must moreover never run two schedules of one class.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"explore/vgic-resample-on-enable-notify-before-clear-arm64.yaml",
            "explore/vgic-resample-on-enable-clear-before-notify-arm64.yaml",
            "explore/resampler-ack-window-arm64-level.yaml",
            "elan-i2c-invalid-report-arm64-gicv3.yaml"})
    @DisplayName("every reduction reaches every trace class naive enumeration reaches; source and optimal run each once")
    void reductionsAgreeWithNaive(String file) {
        Scenario s = ScheduleReplayTest.load(file);
        Explorer explorer = new Explorer(new ScenarioRunner(ScheduleReplayTest.REGISTRY));
        Map<Reduction, List<Long>> classes = new EnumMap<>(Reduction.class);
        Map<Reduction, ExploreResult> results = new EnumMap<>(Reduction.class);
        for (Reduction red : Reduction.values()) {
            // Up to 6.5ms: the arm64 upstream touchpad's first two touches branch (2^2 naive orders).
            ExploreSettings st = new ExploreSettings(100_000, 6_500_000L, 10_000, red, ALL, false,
                    Schedule.DEFAULT_RANGE_POINTS, 0, 0, 1);
            List<Long> seen = new ArrayList<>();
            results.put(red, explorer.explore(s, st, null, (run, traceClass) -> seen.add(traceClass)));
            classes.put(red, seen);
        }
        ExploreResult naive = results.get(Reduction.NONE);
        Set<Long> all = new TreeSet<>(classes.get(Reduction.NONE));
        for (Reduction red : List.of(Reduction.DPOR, Reduction.SOURCE, Reduction.OPTIMAL)) {
            ExploreResult r = results.get(red);
            assertTrue(naive.exhaustive() && r.exhaustive(), red + ": " + r);
            assertEquals(all, new TreeSet<>(classes.get(red)), red + " reaches every trace class");
            assertEquals(naive.endStates(), r.endStates(), red + " reaches every end state");
            assertEquals(naive.violating() > 0, r.violating() > 0, red + " finds a violation iff naive does");
            assertTrue(r.schedules() <= naive.schedules());
        }
        for (Reduction red : List.of(Reduction.SOURCE, Reduction.OPTIMAL)) {
            List<Long> once = classes.get(red);
            assertEquals(once.size(), new TreeSet<>(once).size(), red + " runs no class twice: " + once);
            assertEquals(all.size(), once.size(), red + ": so it runs exactly one schedule per class");
        }
        assertEquals(0, results.get(Reduction.OPTIMAL).blocked(), "wakeup trees: no sleep-set blocked run");
    }
}
