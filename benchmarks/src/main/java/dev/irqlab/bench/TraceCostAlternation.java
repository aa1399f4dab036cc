package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a JSON Lines trace costs, in one JVM: the round trip of {@link RoundTripScenario} with the trace
 * off ({@link Trace#discard()}) and with {@link JsonlTraceWriter} into a stream that drops the bytes
 * (as {@link RoundTripBenchmark}'s {@code trace=jsonl}) take turns, each warmed up first, and each pair
 * prints the thread CPU time per round trip of both and their ratio (JSONL over off: issue 18 wants it
 * at most 1.5). Thread CPU time, not wall time, and the two in alternation, so that the ratio holds on
 * a loaded machine where the JMH scores of separate trials do not.
 *
 * <pre>
 * java -Xbatch -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.irqlab.bench.TraceCostAlternation [ioapic|gicv3] [oneshot-threaded|level] [pairs=9] [none|fixed]
 * </pre>
 * Defaults: ioapic, oneshot-threaded, 9 pairs, fix none (the benchmark's {@code -p fix=none -p stack=ioapic
 * -p flow=oneshot-threaded}). A stand-alone measuring tool (like {@link KvmAlternation}): it reads the
 * clocks and prints on standard output; never simulation code.
 */
public final class TraceCostAlternation {

    static final long EVENTS = 20_000;

    private TraceCostAlternation() {
    }

    public static void main(String[] args) {
        String stack = args.length > 0 ? args[0] : "ioapic";
        String flow = args.length > 1 ? args[1] : "oneshot-threaded";
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        boolean fixed = args.length > 3 && args[3].equals("fixed");
        PrintStream out = System.out;

        PluginRegistry registry = PluginRegistry.discover();
        RoundTripScenario rt = new RoundTripScenario(stack, fixed, EVENTS, flow);
        Scenario scenario = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
        ScenarioRunner runner = new ScenarioRunner(registry);
        JitWarmup.untilQuiet("trace off", () -> run(runner, scenario, false));
        JitWarmup.untilQuiet("trace jsonl", () -> run(runner, scenario, true));
        JitWarmup.untilQuiet("both", () -> {
            run(runner, scenario, false);
            run(runner, scenario, true);
        });

        out.printf(Locale.ROOT, "%s: trace off vs JSONL (to a null stream), %,d events a run, thread CPU per round trip%n",
                rt.name(), EVENTS);
        out.println("pair     off ns   jsonl ns   jsonl/off");
        double[] ratios = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            double off = run(runner, scenario, false);
            double jsonl = run(runner, scenario, true);
            ratios[p] = jsonl / off;
            out.printf(Locale.ROOT, "%4d  %9.0f  %9.0f  %9.2fx%n", p + 1, off, jsonl, ratios[p]);
        }
        Arrays.sort(ratios);
        out.printf(Locale.ROOT, "ratio JSONL/off thread CPU per round trip: median %.2fx, min %.2fx, max %.2fx%n",
                ratios[pairs / 2], ratios[0], ratios[pairs - 1]);
    }

    /** One run, trace off or JSONL; its thread CPU nanoseconds per device event. */
    private static double run(ScenarioRunner runner, Scenario scenario, boolean jsonl) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        RunOutcome o;
        if (jsonl) {
            try (JsonlTraceWriter w = new JsonlTraceWriter(OutputStream.nullOutputStream())) {
                o = runner.run(scenario, w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            o = runner.run(scenario, Trace.discard());
        }
        long ns = threads.getCurrentThreadCpuTime() - t0;
        if (!o.passed()) {
            throw new IllegalStateException("the round-trip scenario does not behave as expected: " + o.expectations());
        }
        return (double) ns / o.metrics().deviceEvents();
    }
}
