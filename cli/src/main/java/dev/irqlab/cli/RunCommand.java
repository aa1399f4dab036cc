package dev.irqlab.cli;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.explore.Replay;
import dev.irqlab.runtime.explore.Schedule;
import dev.irqlab.runtime.output.ChromeTraceWriter;
import dev.irqlab.runtime.output.FanOut;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.output.ResultJson;
import dev.irqlab.runtime.output.SummaryTable;
import dev.irqlab.runtime.output.TraceWriter;
import dev.irqlab.runtime.output.VcdWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code irqlab run SCENARIO}: run a scenario and print its summary. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario and print the summary table.",
                "Exit status: 0 ok, 1 an expectation of the scenario was not met, 2 bad input."})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "SCENARIO", description = "the scenario file (YAML)")
    Path scenario;

    @Option(names = "--json", paramLabel = "FILE", description = "write the machine-readable result (JSON)")
    Path json;

    @Option(names = "--vcd", paramLabel = "FILE",
            description = "write waveforms of every line, mask and pending bit (VCD: GTKWave, Surfer)")
    Path vcd;

    @Option(names = "--chrome-trace", paramLabel = "FILE",
            description = "write handler and thread spans as Chrome trace-event JSON (Perfetto UI)")
    Path chromeTrace;

    @Option(names = "--trace", paramLabel = "FILE", description = "stream every trace event as JSON lines")
    Path trace;

    @Option(names = "--schedule", paramLabel = "FILE",
            description = "replay a schedule (the choices of 'irqlab explore', JSON) instead of the plain order")
    Path schedule;

    @Override
    public Integer call() throws IOException {
        PluginRegistry registry = Registries.discover(spec);
        Scenario s = Scenarios.load(spec, scenario, registry);
        if (s == null) {
            return ExitCodes.BAD_INPUT;
        }
        ScenarioRunner runner = new ScenarioRunner(registry);
        if (Scenarios.check(spec, runner, s) == null) {
            return ExitCodes.BAD_INPUT;
        }
        List<TraceWriter> writers = new ArrayList<>();
        RunOutcome outcome;
        try {
            if (vcd != null) {
                writers.add(new VcdWriter(open(vcd), "irqlab " + s.name()));
            }
            if (chromeTrace != null) {
                writers.add(new ChromeTraceWriter(open(chromeTrace)));
            }
            if (trace != null) {
                writers.add(new JsonlTraceWriter(open(trace)));
            }
            Trace sink = writers.isEmpty() ? Trace.discard() : FanOut.of(writers);
            outcome = schedule == null ? runner.run(s, sink) : Replay.run(runner, s, Schedule.read(schedule), sink);
        } catch (AssemblyException e) {
            spec.commandLine().getErr().println(s.source() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.BAD_INPUT;
        } finally {
            for (TraceWriter w : writers) {
                w.close();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(SummaryTable.render(outcome.info(), outcome.metrics(), outcome.expectations()));
        out.flush();
        if (json != null) {
            try (var w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                ResultJson.write(outcome.info(), outcome.metrics(), outcome.expectations(), w);
            }
        }
        return outcome.passed() ? ExitCodes.OK : ExitCodes.EXPECTATIONS_NOT_MET;
    }

    private static OutputStream open(Path p) {
        try {
            return new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }
}
