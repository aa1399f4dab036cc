package dev.irqlab.it.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.explore.Check;
import dev.irqlab.runtime.explore.ExploreResult;
import dev.irqlab.runtime.explore.ExploreSettings;
import dev.irqlab.runtime.explore.Explorer;
import dev.irqlab.runtime.explore.Reduction;
import dev.irqlab.runtime.explore.Schedule;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reductions on three actors racing at one instant (the test plugin {@code three-racers}: p
 * writes x; q writes y; r writes z, reads y and, only when it saw 0, reads x), where source sets
 * and wakeup trees differ.
 */
class ThreeRacersTest {

    private static Scenario scenario;
    private static ScenarioRunner runner;

    @BeforeAll
    static void load() throws Exception {
        URL extra = ThreeRacersTest.class.getResource("/race-plugin/");
        PluginRegistry registry;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {extra}, ThreeRacersTest.class.getClassLoader())) {
            registry = PluginRegistry.discover(loader);
        }
        scenario = new ScenarioLoader().load(Path.of(extra.toURI()).resolve("three-racers.yaml"), registry);
        runner = new ScenarioRunner(registry);
    }

    private record Explored(ExploreResult result, List<Long> classes) {
        long blocked() {
            assertEquals(result.runs() - result.schedules(), result.blocked(), "no violation: no minimisation runs");
            return result.blocked();
        }
    }

    private static Explored explore(Reduction reduction) {
        ExploreSettings st = new ExploreSettings(10_000, Long.MAX_VALUE, 10_000, reduction,
                EnumSet.allOf(Check.class), true, Schedule.DEFAULT_RANGE_POINTS, 0, 0, 1);
        List<Long> classes = new ArrayList<>();
        ExploreResult r = new Explorer(runner).explore(scenario, st, null, (run, c) -> classes.add(c));
        assertTrue(r.exhaustive(), reduction + ": " + r);
        assertEquals(0, r.violating(), reduction + ": " + r);
        return new Explored(r, classes);
    }

    @Test
    @DisplayName("three trace classes; every reduction reaches each; source sets run a sleep-blocked run, "
            + "wakeup trees none")
    void reductionsOnThreeRacers() {
        Map<Reduction, Explored> by = new EnumMap<>(Reduction.class);
        for (Reduction red : Reduction.values()) {
            by.put(red, explore(red));
        }
        Explored naive = by.get(Reduction.NONE);
        TreeSet<Long> classes = new TreeSet<>(naive.classes());
        assertEquals(3, classes.size(), "q before r's read of y; after it with r's read of x before or after p");
        assertEquals(3, naive.result().endStates().size(), "each class ends in its own state");
        assertEquals(0, naive.blocked());
        for (Reduction red : Reduction.values()) {
            Explored e = by.get(red);
            assertEquals(classes, new TreeSet<>(e.classes()), red + " reaches every trace class");
            assertEquals(naive.result().endStates(), e.result().endStates(), red + " reaches every end state");
        }
        Explored source = by.get(Reduction.SOURCE);
        assertEquals(3, source.result().schedules(), "source sets with sleep sets: one schedule per class");
        assertEquals(source.classes().size(), new TreeSet<>(source.classes()).size());
        assertEquals(1, source.blocked(), "and one sleep-set blocked run: r's first step, then q, then only p");
        Explored optimal = by.get(Reduction.OPTIMAL);
        assertEquals(3, optimal.result().schedules(), "wakeup trees: one schedule per class");
        assertEquals(optimal.classes().size(), new TreeSet<>(optimal.classes()).size());
        assertEquals(0, optimal.blocked(), "and no blocked run: the run after r's first step follows r, r, q, r");
        assertEquals(0, by.get(Reduction.DPOR).blocked());
        assertTrue(naive.result().schedules() > by.get(Reduction.DPOR).result().schedules(),
                "naive enumeration runs more than dpor: " + naive.result() + " / " + by.get(Reduction.DPOR).result());
    }
}
