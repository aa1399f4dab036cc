package dev.irqlab.bench;

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
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Schedules explored per second on one core by {@code irqlab explore}: each invocation explores
 * {@link #SCHEDULES} schedules without reduction — of the arm64 20-touch upstream scenario (about 320
 * events a run, a tree of 2^20 leaves) or of the x86 3-touch scenario with five latency ranges (243
 * value sets), so the bound is always reached — each a complete run: fresh
 * assembly from the parsed scenario, a recorded choice at every choice point, the checks, the end
 * state hash. Score = schedules per second. Run from the repository root (the scenario is read from
 * {@code scenarios/}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g"}) // why: JitWarmup
public class ExploreBenchmark {

    static final int SCHEDULES = 200;

    @Param({"elan-i2c-invalid-report-arm64-gicv3.yaml", "explore/elan-i2c-ranged-x86-resample-on-unmask.yaml"})
    String scenario;

    private Explorer explorer;
    private Scenario loaded;
    private ExploreSettings settings;

    @Setup(Level.Trial)
    public void load() {
        PluginRegistry registry = PluginRegistry.discover();
        loaded = new ScenarioLoader().load(Path.of("scenarios", scenario), registry);
        explorer = new Explorer(new ScenarioRunner(registry));
        settings = new ExploreSettings(SCHEDULES, Long.MAX_VALUE, 10_000, Reduction.NONE,
                EnumSet.allOf(Check.class), true, Schedule.DEFAULT_RANGE_POINTS, 0, 0, 1);
        ExploreResult check = explorer.explore(loaded, settings, null);
        if (check.schedules() != SCHEDULES) {
            throw new IllegalStateException("expected " + SCHEDULES + " schedules, explored " + check.schedules());
        }
        JitWarmup.untilQuiet("explore " + scenario, this::explore);
    }

    @Benchmark
    @OperationsPerInvocation(SCHEDULES)
    public ExploreResult explore() {
        return explorer.explore(loaded, settings, null);
    }
}
