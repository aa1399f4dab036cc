package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.Stack;
import dev.irqlab.runtime.assembly.StackBuilder;
import dev.irqlab.runtime.assembly.StackPlan;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The per-run assembly the explorer and the matrix pay for every run of a parsed scenario: a fresh
 * {@link Simulation} and the whole stack built from the scenario's plan (found once, as
 * {@code ScenarioRunner} finds it: {@link StackBuilder#plan}) with the plugins' Guice-wired factories
 * ({@link StackBuilder#build(StackPlan, Simulation)}: host controller and kernel, hypervisor, VMM, VM
 * and virtual controller, guest kernel, device, forwarder, the VMM's wiring, guest driver). Nothing runs. The
 * stack is the one-device ONESHOT round trip of {@link RoundTripScenario} on each architecture.
 * Score = microseconds per assembly (wall clock). On a shared machine the wall clock counts the time
 * other processes hold the core too, so the trial also prints the thread's CPU time per assembly over
 * the measured iterations ({@code cpu µs/op}), which other load does not inflate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g"}) // why: JitWarmup
public class AssemblyBenchmark {

    @Param({"gicv3", "ioapic"})
    String stack;

    private StackBuilder builder;
    private Scenario scenario;
    private StackPlan plan;

    @Setup(Level.Trial)
    public void load() {
        PluginRegistry registry = PluginRegistry.discover();
        RoundTripScenario rt = new RoundTripScenario(stack, false, 1);
        scenario = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
        builder = new StackBuilder(registry);
        plan = builder.plan(scenario, new ScenarioCheck(registry).check(scenario));
        JitWarmup.untilQuiet("assembly " + stack, this::assemble);
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long ops;
    private long iterationStartCpuNs;
    private long iterationStartOps;
    private long measuredCpuNs;
    private long measuredOps;

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationStartCpuNs = threads.getCurrentThreadCpuTime();
        iterationStartOps = ops;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredCpuNs += threads.getCurrentThreadCpuTime() - iterationStartCpuNs;
            measuredOps += ops - iterationStartOps;
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf(Locale.ROOT, "%n%s: cpu %.1f us/op over %d assemblies%n", stack,
                measuredCpuNs / 1e3 / Math.max(1, measuredOps), measuredOps);
    }

    @Benchmark
    public Stack assemble() {
        ops++;
        return builder.build(plan, new Simulation(scenario.seed(), Trace.discard()));
    }
}
