package dev.irqlab.cli;

import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.explore.Check;
import dev.irqlab.runtime.explore.CounterexampleFiles;
import dev.irqlab.runtime.explore.ExploreResult;
import dev.irqlab.runtime.explore.ExploreSettings;
import dev.irqlab.runtime.explore.Explorer;
import dev.irqlab.runtime.explore.ParallelExplorer;
import dev.irqlab.runtime.explore.Reduction;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Ranges;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code irqlab explore SCENARIO}: run a scenario under every schedule within bounds and check each run. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Run a scenario under every order of its simultaneous events and every value of its "
                + "latency ranges (within the bounds), checking each run.",
                "On a violation, the shortest schedule found is written (replay it with "
                        + "'irqlab run SCENARIO --schedule FILE'), with its trace, VCD and summary.",
                "Exit status: 0 no violation, 1 a violation, 2 bad input."})
final class ExploreCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "SCENARIO", description = "the scenario file (YAML)")
    Path scenario;

    @CommandLine.Mixin
    OverrideOptions set = new OverrideOptions();

    @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "100000",
            description = "stop after N schedules (default ${DEFAULT-VALUE})")
    long maxSchedules;

    @Option(names = "--max-time", paramLabel = "DURATION",
            description = "branch only at choice points up to this virtual time (e.g. 20ms); later ones take "
                    + "the plain run's order")
    String maxTime;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "10000",
            description = "branch only at the first N choice points of a run (default ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--reduction", paramLabel = "none|dpor|source|optimal", defaultValue = "dpor",
            description = "partial-order reduction: optimal (source sets + sleep sets + wakeup trees), source "
                    + "(source sets + sleep sets), dpor (Flanagan-Godefroid), none (default ${DEFAULT-VALUE})")
    String reduction;

    @Option(names = "--check", paramLabel = "LIST", defaultValue = "no-lost,no-wedge",
            description = "properties checked after each run: no-spurious, no-lost, no-wedge "
                    + "(default ${DEFAULT-VALUE})")
    String checks;

    @Option(names = "--no-expect", description = "do not check the scenario's expect: block")
    boolean noExpect;

    @Option(names = "--range-points", paramLabel = "K", defaultValue = "3",
            description = "values tried per latency range: both ends and K-2 points between (default ${DEFAULT-VALUE})")
    int rangePoints;

    @Option(names = "--split-depth", paramLabel = "N", defaultValue = "" + ExploreSettings.DEFAULT_SPLIT_DEPTH,
            description = "the first N choice points are branched fully and divide the work between shards "
                    + "(default ${DEFAULT-VALUE})")
    int splitDepth;

    @Option(names = "--shard", paramLabel = "I/N", description = "explore only shard I of N (0-based); "
            + "merge the shards' --json files with 'irqlab explore-merge'")
    String shard;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "explore on N threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result (JSON; the input of explore-merge)")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "explore-out",
            description = "where a counterexample's files go (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quiet", description = "no progress on standard error")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ExploreSettings st;
        try {
            int index = 0;
            int count = 1;
            if (shard != null) {
                String[] parts = shard.split("/");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--shard: expected I/N, found '" + shard + "'");
                }
                index = Integer.parseInt(parts[0].trim());
                count = Integer.parseInt(parts[1].trim());
                if (count < 1 || index < 0 || index >= count) {
                    throw new IllegalArgumentException("--shard: expected 0 <= I < N, found '" + shard + "'");
                }
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads: at least 1, found " + threads);
            }
            Set<Check> set = Check.parse(checks);
            long maxTimeNs = maxTime == null ? Long.MAX_VALUE : Ranges.duration(maxTime);
            st = new ExploreSettings(maxSchedules, maxTimeNs, depth, Reduction.parse(reduction), set, !noExpect,
                    rangePoints, splitDepth, index, count);
        } catch (IllegalArgumentException e) {
            err.println("irqlab explore: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        PluginRegistry registry = Registries.discover(spec);
        Scenario s = Scenarios.load(spec, scenario.toString(), set.overrides, registry);
        if (s == null) {
            return ExitCodes.BAD_INPUT;
        }
        ScenarioRunner runner = new ScenarioRunner(registry);
        if (Scenarios.validate(spec, runner, s) == null) {
            return ExitCodes.BAD_INPUT;
        }
        ExploreResult result;
        Progress progress = new Progress(err, quiet);
        try {
            result = new ParallelExplorer(runner, threads).explore(s, st, progress);
        } catch (AssemblyException e) {
            err.println(s.source() + ": " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        progress.done(result.schedules(), result.runs(), result.violating());
        PrintWriter o = spec.commandLine().getOut();
        ExploreReport.print(result, o);
        if (result.counterexample().isPresent()) {
            String name = "counterexample" + (st.shardCount() > 1 ? "-shard" + st.shardIndex() : "");
            Explorer.Run run = CounterexampleFiles.write(new Explorer(runner), s, st,
                    result.counterexample().get().minimised(), out, name);
            o.printf("counterexample: %d choice(s) away from the plain run, %s%n", run.schedule().deviations(),
                    run.violations().isEmpty() ? "NOT reproduced on replay" : "reproduced on replay");
            o.printf("  replay: irqlab run %s --schedule %s%n", s.source(), out.resolve(name + ".schedule.json"));
            o.printf("  files:  %s.{schedule.json,trace.jsonl,vcd,summary.txt} in %s%n", name, out);
        }
        o.flush();
        if (json != null) {
            try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                result.write(w);
            }
        }
        return result.violating() > 0 ? ExitCodes.EXPECTATIONS_NOT_MET : ExitCodes.OK;
    }

    /**
     * The progress line on standard error: the only wall-clock reader, outside every run. At most one
     * line a second while exploring; at the end, when a line was shown, the final counts over it, so
     * that the last thing it says agrees with the report.
     */
    static final class Progress implements Explorer.Progress {
        private final PrintWriter err;
        private final boolean quiet;
        private final LongSupplier nanoTime;
        private final long start;
        private long last;
        private boolean shown;

        Progress(PrintWriter err, boolean quiet) {
            this(err, quiet, System::nanoTime);
        }

        Progress(PrintWriter err, boolean quiet, LongSupplier nanoTime) {
            this.err = err;
            this.quiet = quiet;
            this.nanoTime = nanoTime;
            this.start = nanoTime.getAsLong();
            this.last = start;
        }

        @Override
        public synchronized void schedule(long schedules, long runs, long violating) {
            long now = nanoTime.getAsLong();
            if (quiet || now - last < 1_000_000_000L) {
                return;
            }
            last = now;
            shown = true;
            show(schedules, runs, violating, now);
        }

        private void show(long schedules, long runs, long violating, long now) {
            double s = (now - start) / 1e9;
            err.printf("\rexplore: %d schedules, %d runs, %d violating, %.0f runs/s   ", schedules, runs, violating,
                    runs / s);
            err.flush();
        }

        /** The end of the exploration, with its final counts. */
        synchronized void done(long schedules, long runs, long violating) {
            if (shown) {
                show(schedules, runs, violating, nanoTime.getAsLong());
                err.println();
                err.flush();
            }
        }
    }
}
