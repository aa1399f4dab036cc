package dev.irqlab.cli;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.RunWarnings;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.engine.RunControl;
import dev.irqlab.runtime.explore.Replay;
import dev.irqlab.runtime.explore.Schedule;
import dev.irqlab.runtime.output.ChromeTraceWriter;
import dev.irqlab.runtime.output.FanOut;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.output.KernelLogWriter;
import dev.irqlab.runtime.output.OutputFiles;
import dev.irqlab.runtime.output.ResultCsv;
import dev.irqlab.runtime.output.ResultJson;
import dev.irqlab.runtime.output.SummaryTable;
import dev.irqlab.runtime.output.TraceWriter;
import dev.irqlab.runtime.output.VcdWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.report.HtmlReport;
import dev.irqlab.runtime.report.RoundTripWindow;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.Durations;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * {@code irqlab run SCENARIO}: run a scenario and print its summary. Its options are built in code
 * ({@link #spec()}, see {@link Specs} for why), not read from annotations.
 */
final class RunCommand implements Callable<Integer> {

    static final String NAME = "run";

    /**
     * This command's spec: its options, parameter and help, each read back by {@link #call()}
     * ({@link #parsed()}).
     */
    static CommandLine.Model.CommandSpec spec() {
        RunCommand command = new RunCommand();
        CommandLine.Model.CommandSpec spec = Specs.command(command, NAME,
                "Run a scenario and print the summary table.",
                "Every output file is checked before the run and written to a temporary file beside it that "
                        + "replaces it only when complete: a failed run leaves earlier files as they were. "
                        + "'-' is standard output (then the summary goes to standard error); SCENARIO '-' is "
                        + "standard input.",
                "Ctrl-C, --max-events and --max-wall stop the run between two events: the summary and every output "
                        + "cover what ran.",
                "Warnings (events lost, a device whose events never reached its driver, a fix that changed "
                        + "nothing) are printed under the summary, except on a metric the scenario's expect: names.",
                "Exit status: 0 ok, 1 an expectation of the scenario was not met (or a warning, with --strict), "
                        + "2 bad input, 3 stopped by --max-events or --max-wall (130 by Ctrl-C).");
        command.spec = spec;
        spec.addPositional(Specs.parameter("SCENARIO", "the scenario file (YAML); - for standard input"));
        spec.addOption(Specs.option("--json", "FILE", String.class, "write the machine-readable result (JSON)"));
        spec.addOption(Specs.option("--csv", "FILE", String.class,
                "write the result as CSV: metric, value, expected bounds, verdict"));
        spec.addOption(Specs.option("--html", "FILE", String.class,
                "write a self-contained HTML report: scenario, result, devices, kernel log, round-trip timeline"));
        spec.addOption(Specs.option("--html-trips", "FROM-TO", String.class,
                "the round trips --html shows in full besides the anomalous ones, numbered from 1 "
                        + "(at most 100; default 1-3): step through a long run window by window"));
        spec.addOption(Specs.option("--log", "FILE|-", String.class,
                "write the host and guest kernel messages as dmesg prints them ('-': standard output)"));
        spec.addOption(Specs.option("--vcd", "FILE", String.class,
                "write waveforms of every line, mask and pending bit (VCD: GTKWave, Surfer)"));
        spec.addOption(Specs.option("--chrome-trace", "FILE", String.class,
                "write handler and thread spans as Chrome trace-event JSON (Perfetto UI)"));
        spec.addOption(Specs.option("--trace", "FILE", String.class, "stream every trace event as JSON lines"));
        spec.addOption(Specs.option("--max-events", "N", Long.class,
                "stop after N events, with the summary and outputs of what ran (exit status 3)"));
        spec.addOption(Specs.option("--max-wall", "DURATION", String.class,
                "stop after this much wall-clock time (30s, 500ms), with the summary and outputs of what ran "
                        + "(exit status 3)"));
        spec.addOption(Specs.builder("--progress").negatable(true).paramLabel("<progress>")
                .type(Boolean.class).auxiliaryTypes(Boolean.class).arity("0").initialValue(null)
                .description("progress on standard error (virtual time, events, events/s, estimated end) for runs "
                        + "longer than 2s; default: when standard error is a terminal").build());
        spec.addOption(Specs.flag(Specs.builder("--strict").paramLabel("<strict>")
                .description("exit status 1 when the run gives a warning (events lost, a device whose events never "
                        + "reached its driver, a fix that changed nothing)")));
        OverrideOptions.addTo(spec);
        spec.addOption(Specs.option("--schedule", "FILE", java.nio.file.Path.class,
                "replay a schedule (the choices of 'irqlab explore', JSON) instead of the plain order"));
        return Specs.standardHelp(spec);
    }

    private CommandLine.Model.CommandSpec spec;

    private String scenario;
    private String json;
    private String csv;
    private String html;
    private String htmlTrips;
    private String log;
    private String vcd;
    private String chromeTrace;
    private String trace;
    private Long maxEvents;
    private String maxWall;
    private Boolean progress;
    private boolean strict;
    private List<String> overrides;
    private Path schedule;

    /** Reads the parsed command line into the fields. */
    private void parsed() {
        scenario = (String) spec.positionalParameters().get(0).getValue();
        json = Specs.value(spec, "--json", String.class);
        csv = Specs.value(spec, "--csv", String.class);
        html = Specs.value(spec, "--html", String.class);
        htmlTrips = Specs.value(spec, "--html-trips", String.class);
        log = Specs.value(spec, "--log", String.class);
        vcd = Specs.value(spec, "--vcd", String.class);
        chromeTrace = Specs.value(spec, "--chrome-trace", String.class);
        trace = Specs.value(spec, "--trace", String.class);
        maxEvents = Specs.value(spec, "--max-events", Long.class);
        maxWall = Specs.value(spec, "--max-wall", String.class);
        progress = Specs.value(spec, "--progress", Boolean.class);
        strict = Specs.value(spec, "--strict", Boolean.class);
        overrides = OverrideOptions.of(spec);
        schedule = Specs.value(spec, "--schedule", Path.class);
    }

    @Override
    public Integer call() throws IOException {
        parsed();
        if (maxEvents != null && maxEvents < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-events: found " + maxEvents
                    + ", allowed: >= 1");
        }
        long maxWallNs = 0;
        if (maxWall != null) {
            try {
                maxWallNs = Durations.parseOption(maxWall);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-wall: " + e.getMessage());
            }
            if (maxWallNs < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-wall: found '" + maxWall
                        + "', allowed: >= 1ns");
            }
        }
        RoundTripWindow window = RoundTripWindow.DEFAULT;
        if (htmlTrips != null) {
            if (html == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--html-trips: needs --html FILE");
            }
            try {
                window = RoundTripWindow.parse(htmlTrips);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--html-trips: " + e.getMessage());
            }
        }
        PluginRegistry registry = Registries.discover(spec);
        Scenario s = Scenarios.load(spec, scenario, overrides, registry);
        if (s == null) {
            return ExitCodes.BAD_INPUT;
        }
        ScenarioRunner runner = new ScenarioRunner(registry);
        // Checked before any output is opened. A plain run without trace writers builds its stack
        // once: the one the check built is the one that runs. A writer must be open before the stack
        // is built (the models ask the trace whether it wants detail as they are built), and a
        // replayed schedule builds its own: those are checked on a stack of the check's own.
        boolean traced = vcd != null || chromeTrace != null || trace != null || log != null || html != null;
        ScenarioRunner.Prepared prepared = null;
        if (schedule == null && !traced) {
            prepared = Scenarios.prepare(spec, runner, s);
            if (prepared == null) {
                return ExitCodes.BAD_INPUT;
            }
        } else if (Scenarios.validate(spec, runner, s) == null) {
            return ExitCodes.BAD_INPUT;
        }
        List<OutputFiles.Target> targets = new ArrayList<>();
        addTarget(targets, "--vcd", vcd);
        addTarget(targets, "--chrome-trace", chromeTrace);
        addTarget(targets, "--trace", trace);
        addTarget(targets, "--json", json);
        addTarget(targets, "--csv", csv);
        addTarget(targets, "--html", html);
        addTarget(targets, "--log", log);
        boolean terminal = RunWatch.onTerminal();
        try (OutputFiles files = Scenarios.outputs(spec, scenario, targets);
             RunWatch watch = new RunWatch(spec.commandLine().getErr(), progress != null ? progress : terminal,
                     terminal, maxWallNs, s.run().durationNs())) {
            RunControl control = new RunControl(maxEvents == null ? Long.MAX_VALUE : maxEvents, watch);
            List<TraceWriter> writers = new ArrayList<>();
            HtmlReport report = null;
            RunOutcome outcome;
            try {
                if (vcd != null) {
                    writers.add(new VcdWriter(files.open("--vcd"), "irqlab " + s.name()));
                }
                if (chromeTrace != null) {
                    writers.add(new ChromeTraceWriter(files.open("--chrome-trace")));
                }
                if (trace != null) {
                    writers.add(new JsonlTraceWriter(files.open("--trace")));
                }
                if (log != null) {
                    writers.add(new KernelLogWriter(new OutputStreamWriter(files.open("--log"), StandardCharsets.UTF_8),
                            kernels(), true));
                }
                List<Trace> sinks = new ArrayList<>(writers);
                if (html != null) {
                    report = new HtmlReport(s.devices().stream().map(d -> d.name()).toList(), kernels(), window);
                    sinks.add(report);
                }
                Trace sink = sinks.isEmpty() ? Trace.discard() : FanOut.of(sinks);
                outcome = prepared != null ? prepared.run(control) : schedule == null ? runner.run(s, sink, control)
                        : Replay.run(runner, s, Schedule.read(schedule), sink, control);
            } catch (AssemblyException e) {
                Scenarios.print(spec.commandLine().getErr(), s, e.problems());
                spec.commandLine().getErr().flush();
                return ExitCodes.BAD_INPUT;
            } finally {
                for (TraceWriter w : writers) {
                    w.close();
                }
            }
            // a replayed schedule has no run without the fix to compare with: no fix warning then;
            // a stopped run is not judged
            List<String> warnings = control.stopped().isPresent() ? null : new RunWarnings(runner).of(s,
                    outcome.metrics(), maxEvents == null ? Long.MAX_VALUE : maxEvents, schedule == null);
            if (json != null) {
                try (Writer w = new OutputStreamWriter(files.open("--json"), StandardCharsets.UTF_8)) {
                    ResultJson.write(outcome.info(), outcome.metrics(), outcome.expectations(), outcome.asRun(),
                            warnings, w);
                }
            }
            if (csv != null) {
                try (Writer w = new OutputStreamWriter(files.open("--csv"), StandardCharsets.UTF_8)) {
                    ResultCsv.write(outcome.metrics(), outcome.expectations(), w);
                }
            }
            if (report != null) {
                try (Writer w = new OutputStreamWriter(files.open("--html"), StandardCharsets.UTF_8)) {
                    report.write(outcome.info(), outcome.metrics(), outcome.expectations(), outcome.asRun(), w);
                }
            }
            files.commit();
            PrintWriter summary = targets.stream().anyMatch(t -> t.path().equals(OutputFiles.STDIO))
                    ? spec.commandLine().getErr() : spec.commandLine().getOut();
            summary.print(SummaryTable.render(outcome.info(), outcome.metrics(), outcome.expectations()));
            summary.flush();
            if (control.stopped().isPresent()) {
                PrintWriter err = spec.commandLine().getErr();
                err.printf("irqlab run: stopped: %s after %d events at virtual time %s of %s; the summary and "
                        + "outputs cover what ran%n", control.stopped().get(), outcome.info().eventsDispatched(),
                        Durations.format(outcome.info().endTimeNs()), Durations.format(s.run().durationNs()));
                err.flush();
                return ExitCodes.STOPPED;
            }
            for (String w : warnings) {
                summary.println("warning: " + w);
            }
            summary.flush();
            if (!outcome.passed()) {
                return ExitCodes.EXPECTATIONS_NOT_MET;
            }
            if (strict && !warnings.isEmpty()) {
                spec.commandLine().getErr().printf("irqlab run: --strict: %d warning%s%n", warnings.size(),
                        warnings.size() == 1 ? "" : "s");
                spec.commandLine().getErr().flush();
                return ExitCodes.EXPECTATIONS_NOT_MET;
            }
            return ExitCodes.OK;
        }
    }

    private static List<String> kernels() {
        return Arrays.stream(Action.Side.values()).map(Action.Side::label).toList();
    }

    private static void addTarget(List<OutputFiles.Target> targets, String option, String path) {
        if (path != null) {
            targets.add(new OutputFiles.Target(option, path));
        }
    }
}
