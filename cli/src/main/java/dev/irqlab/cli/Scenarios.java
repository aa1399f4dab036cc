package dev.irqlab.cli;

import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.output.OutputException;
import dev.irqlab.runtime.output.OutputFiles;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Problem;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioException;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Loading and checking a scenario for the commands, printing problems to stderr. */
final class Scenarios {

    private Scenarios() {
    }

    /** The name problems of a scenario read from standard input carry. */
    static final String STDIN_NAME = "<stdin>";

    /**
     * The scenario ({@code -}: standard input) with {@code --set path=value} overrides applied, or
     * null after printing every problem (a problem with an override's value names the option).
     */
    static Scenario load(CommandLine.Model.CommandSpec spec, String file, List<String> overrides,
                         PluginRegistry registry) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (file.equals(OutputFiles.STDIO)) {
                return new ScenarioLoader(overrides).load(STDIN_NAME, System.in, registry);
            }
            Path path;
            try {
                path = Path.of(file);
            } catch (java.nio.file.InvalidPathException e) {
                err.println("SCENARIO: '" + file + "' is not a file name: " + e.getReason());
                err.flush();
                return null;
            }
            return new ScenarioLoader(overrides).load(path, registry);
        } catch (ScenarioException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            err.printf("%s: %d problem%s; nothing was run%n", file.equals(OutputFiles.STDIO) ? STDIN_NAME : file,
                    e.problems().size(),
                    e.problems().size() == 1 ? "" : "s");
            err.flush();
            return null;
        }
    }

    /**
     * The command's output files, checked before anything runs: none may be the scenario (or
     * another output), each directory must be writable.
     *
     * @throws OutputException naming the option and the reason (exit 2, one line)
     */
    static OutputFiles outputs(CommandLine.Model.CommandSpec spec, String scenario, List<OutputFiles.Target> targets) {
        List<OutputFiles.Input> inputs = new ArrayList<>();
        if (scenario != null && !scenario.equals(OutputFiles.STDIO)) {
            inputs.add(new OutputFiles.Input("scenario file (SCENARIO)", Path.of(scenario)));
        }
        return OutputFiles.prepare(inputs, targets, new WriterOutputStream(spec.commandLine().getOut()));
    }

    /**
     * Everything {@code run} would refuse, found without running time ({@link ScenarioRunner#validate}:
     * the plugins' verdict, the whole stack built, the actions' registers). Every problem is printed
     * at once, each at the key it concerns as {@code file:line:column: key: message}.
     *
     * @return the resolved choice, or null after printing the problems
     */
    static ScenarioCheck.Choice validate(CommandLine.Model.CommandSpec spec, ScenarioRunner runner, Scenario s) {
        return checked(spec, s, () -> runner.validate(s));
    }

    /**
     * The plain run of {@code s} without trace writers, built and checked as {@link #validate}
     * checks it ({@link ScenarioRunner#prepare}), or null after printing the problems as it prints them.
     */
    static ScenarioRunner.Prepared prepare(CommandLine.Model.CommandSpec spec, ScenarioRunner runner, Scenario s) {
        return checked(spec, s, () -> runner.prepare(s, Trace.discard()));
    }

    /** {@code check}'s result, or null after printing the refusals or problems it threw. */
    private static <T> T checked(CommandLine.Model.CommandSpec spec, Scenario s, Supplier<T> check) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return check.get();
        } catch (PluginException e) {
            print(err, s, e.refusals());
        } catch (AssemblyException e) {
            print(err, s, e.problems());
        }
        err.flush();
        return null;
    }

    /** Each problem at its key ({@code file:line:column: key: message}), or at the file when it has none. */
    static void print(PrintWriter err, Scenario s, List<Refusal> problems) {
        for (Refusal r : problems) {
            err.println(r.path().isEmpty() ? s.source() + ": " + r.message()
                    : s.locate(r.path()) + ": " + r.path() + ": " + r.message());
        }
    }
}
