package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A long run with the trace streamed to a file, to check that memory stays bounded: a ONESHOT round
 * trip ({@link RoundTripScenario}, gicv3, fix none: 124 trace events per device event) with enough
 * device events for over ten million trace events, written through {@link JsonlTraceWriter}.
 * Prints events dispatched, trace events written, wall time and the peak heap.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.irqlab.bench.LongRun /tmp/irqlab-long.jsonl [events] [gicv3|ioapic] [none|fixed]
 * </pre>
 * This is a stand-alone measuring tool (like JMH's own runner), not simulation code: it reads the wall
 * clock and prints its figures on standard output.
 */
public final class LongRun {

    private LongRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 4) {
            throw new IllegalArgumentException("usage: LongRun TRACE_FILE [EVENTS=83000] [gicv3|ioapic] [none|fixed]");
        }
        Path file = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 83_000;
        String stack = args.length > 2 ? args[2] : "gicv3";
        boolean fixed = args.length > 3 && args[3].equals("fixed");
        PrintStream out = System.out;

        PluginRegistry registry = PluginRegistry.discover();
        RoundTripScenario rt = new RoundTripScenario(stack, fixed, events);
        Scenario scenario = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
        long[] written = {0};
        long start = System.nanoTime();
        RunOutcome outcome;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonlTraceWriter writer = new JsonlTraceWriter(os)) {
            Trace counting = (TraceEvent e) -> {
                writer.emit(e);
                written[0]++;
            };
            outcome = new ScenarioRunner(registry).run(scenario, counting);
        }
        long wallNs = System.nanoTime() - start;

        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        double wallS = wallNs / 1e9;
        out.printf(Locale.ROOT, "scenario            %s (%s)%n", scenario.name(), rt.name());
        out.printf(Locale.ROOT, "device events       %,d (served %,d, spurious %,d)%n", outcome.metrics().deviceEvents(),
                outcome.metrics().served(), outcome.metrics().spurious());
        out.printf(Locale.ROOT, "events dispatched   %,d%n", outcome.info().eventsDispatched());
        out.printf(Locale.ROOT, "trace events        %,d written to %s (%,d bytes)%n", written[0], file, Files.size(file));
        out.printf(Locale.ROOT, "wall time           %.2f s (%,.0f trace events/s, %,.0f device events/s)%n", wallS,
                written[0] / wallS, outcome.metrics().deviceEvents() / wallS);
        out.printf(Locale.ROOT, "peak heap           %,.1f MiB (sum of heap pools' peaks; max heap %,d MiB)%n",
                peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        out.printf(Locale.ROOT, "gc                  %d collections, %d ms%n", gcs, gcMs);
        out.printf(Locale.ROOT, "expectations        %s%n", outcome.passed() ? "met" : outcome.expectations());
    }
}
