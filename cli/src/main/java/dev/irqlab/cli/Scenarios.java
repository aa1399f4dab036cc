package dev.irqlab.cli;

import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Problem;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioException;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Loading and checking a scenario for the commands, printing problems to stderr. */
final class Scenarios {

    private Scenarios() {
    }

    /** The scenario, or null after printing every problem. */
    static Scenario load(CommandLine.Model.CommandSpec spec, Path file, PluginRegistry registry) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return new ScenarioLoader().load(file, registry);
        } catch (ScenarioException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            err.printf("%s: %d problem%s; nothing was run%n", file, e.problems().size(),
                    e.problems().size() == 1 ? "" : "s");
            err.flush();
            return null;
        }
    }

    /** The resolved choice, or null after printing why the plugins cannot serve the scenario. */
    static ScenarioCheck.Choice check(CommandLine.Model.CommandSpec spec, ScenarioRunner runner, Scenario s) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return runner.check(s);
        } catch (PluginException e) {
            e.reasons().forEach(r -> err.println(s.source() + ": " + r));
        } catch (AssemblyException e) {
            err.println(s.source() + ": " + e.getMessage());
        }
        err.flush();
        return null;
    }
}
