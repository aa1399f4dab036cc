package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.OutputStream;
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
 * A full round trip through every plugin ({@link RoundTripScenario}), as the CLI runs it: each
 * invocation assembles the stack from the loaded scenario and runs {@link #EVENTS} device data events
 * to completion with {@link ScenarioRunner#run} (metrics collector attached). Score = simulated device
 * events per second on one core. The scenario is parsed once per trial; assembly (Guice factories,
 * plugin construction) is inside the measured run but is negligible next to 20,000 events.
 *
 * <p>Parameters: the stack, the fix, the guest flow ({@code oneshot-threaded}: the ONESHOT round trip
 * of the bug; {@code level}: the plain level one) and what reads the trace besides the metrics:
 * {@code off} nothing ({@link Trace#discard()}), {@code counting} a sink that takes every event and
 * counts it (the cost of a reader that wants every record built), {@code jsonl} the JSON Lines writer
 * of {@code --trace} into a stream that drops the bytes (encoding included, no disk).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g"}) // why: JitWarmup
public class RoundTripBenchmark {

    static final int EVENTS = 20_000;

    @Param({"gicv3", "ioapic"})
    String stack;

    /** {@code none}: upstream behaviour (a spurious re-injection per event); {@code fixed}: the stack's fix. */
    @Param({"none", "fixed"})
    String fix;

    @Param({"oneshot-threaded", "level"})
    String flow;

    @Param({"off", "counting", "jsonl"})
    String trace;

    private ScenarioRunner runner;
    private Scenario scenario;

    @Setup(Level.Trial)
    public void load() {
        PluginRegistry registry = PluginRegistry.discover();
        RoundTripScenario rt = new RoundTripScenario(stack, fix.equals("fixed"), EVENTS, flow);
        scenario = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
        runner = new ScenarioRunner(registry);
        RunOutcome check = runner.run(scenario, Trace.discard());
        if (!check.passed()) {
            throw new IllegalStateException("the round-trip scenario does not behave as expected: "
                    + check.expectations() + " " + check.metrics());
        }
        JitWarmup.untilQuiet("round trip " + stack + "/" + fix + "/" + flow + "/" + trace, this::roundTrip);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public RunOutcome roundTrip() {
        switch (trace) {
            case "off":
                return runner.run(scenario, Trace.discard());
            case "counting":
                Counting counting = new Counting();
                RunOutcome outcome = runner.run(scenario, counting);
                if (counting.events == 0) {
                    throw new IllegalStateException("no trace event reached the counting sink");
                }
                return outcome;
            case "jsonl":
                try (JsonlTraceWriter w = new JsonlTraceWriter(OutputStream.nullOutputStream())) {
                    return runner.run(scenario, w);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            default:
                throw new IllegalArgumentException("trace must be off, counting or jsonl, not " + trace);
        }
    }

    /** Takes every trace event and counts it. */
    static final class Counting implements Trace {
        long events;

        @Override
        public void emit(TraceEvent event) {
            events++;
        }
    }
}
