package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Complete short runs per second, the scenario parsed and validated once (the explorer's and the
 * matrix's case): each invocation is one {@link ScenarioRunner#run} of a shipped 20-touch scenario —
 * the plugins' check, the whole stack assembled, the run and drain, the metrics and verdicts — with no
 * extra trace output. Score = runs per second on one core. Run from the repository root (the scenario
 * is read from {@code scenarios/}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g"}) // why: JitWarmup
public class ShortRunBenchmark {

    @Param({"elan-i2c-invalid-report-arm64-gicv3.yaml", "elan-i2c-invalid-report-x86-ioapic.yaml"})
    String scenario;

    private ScenarioRunner runner;
    private Scenario loaded;

    @Setup(Level.Trial)
    public void load() {
        PluginRegistry registry = PluginRegistry.discover();
        loaded = new ScenarioLoader().load(Path.of("scenarios", scenario), registry);
        runner = new ScenarioRunner(registry);
        RunOutcome check = runner.run(loaded, Trace.discard());
        if (!check.passed() || check.metrics().deviceEvents() != 20) {
            throw new IllegalStateException("the short run does not behave as expected: " + check.expectations()
                    + " " + check.metrics());
        }
        JitWarmup.untilQuiet("short run " + scenario, this::run);
    }

    @Benchmark
    public RunOutcome run() {
        return runner.run(loaded, Trace.discard());
    }
}
