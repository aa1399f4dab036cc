package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How a JVM warms up on complete runs of a scenario (the evidence behind {@link JitWarmup}): batches
 * of runs, each line the thread's CPU time per run (far less inflated by other load than wall time),
 * the JIT's total compilation time so far, the collections during the batch and, every tenth batch,
 * the live heap after a full collection (state that grows across runs would show there).
 *
 * <pre>
 * java [-Xbatch] -cp benchmarks/target/benchmarks.jar dev.irqlab.bench.WarmUpCurve scenarios/elan-i2c-invalid-report-arm64-gicv3.yaml [batches=40] [runs=500]
 * </pre>
 * A stand-alone measuring tool: it reads the clocks.
 */
public final class WarmUpCurve {

    private WarmUpCurve() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            throw new IllegalArgumentException("usage: WarmUpCurve SCENARIO [batches] [runs a batch]");
        }
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        PluginRegistry registry = PluginRegistry.discover();
        Scenario scenario = new ScenarioLoader().load(Path.of(args[0]), registry);
        ScenarioRunner runner = new ScenarioRunner(registry);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        PrintStream out = System.out;
        for (int b = 0; b < batches; b++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long[] gc0 = collections();
            for (int i = 0; i < runs; i++) {
                runner.run(scenario, Trace.discard());
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long[] gc1 = collections();
            String heap = "";
            if (b % 10 == 9) {
                System.gc();
                heap = String.format(Locale.ROOT, "  live heap %,d B", memory.getHeapMemoryUsage().getUsed());
            }
            out.printf(Locale.ROOT, "runs %,7d  cpu %8.1f us/run  jit %,8d ms  gc %3d (%4d ms)%s%n", (b + 1L) * runs,
                    cpu / 1e3 / runs, jit == null ? -1 : jit.getTotalCompilationTime(), gc1[0] - gc0[0], gc1[1] - gc0[1],
                    heap);
        }
    }

    private static long[] collections() {
        long[] c = new long[2];
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            c[0] += Math.max(0, g.getCollectionCount());
            c[1] += Math.max(0, g.getCollectionTime());
        }
        return c;
    }
}
