package dev.irqlab.cli;

import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code irqlab validate SCENARIO}: load and check a scenario without running it. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario file without running it: syntax, keys, values and times, plugin names, the "
                + "plugins' combination, and the whole stack built (every refusal run would give).")
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "SCENARIO", description = "the scenario file (YAML); - for standard input")
    String scenario;

    @CommandLine.Mixin
    OverrideOptions set = new OverrideOptions();

    @Override
    public Integer call() {
        PluginRegistry registry = Registries.discover(spec);
        Scenario s = Scenarios.load(spec, scenario, set.overrides, registry);
        if (s == null) {
            return ExitCodes.BAD_INPUT;
        }
        ScenarioCheck.Choice choice = Scenarios.validate(spec, new ScenarioRunner(registry), s);
        if (choice == null) {
            return ExitCodes.BAD_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: ok: '%s' (%s + %s, %d device%s, fix %s)%n", scenario, s.name(), choice.controller(),
                choice.virtualController(), s.devices().size(), s.devices().size() == 1 ? "" : "s",
                s.fixes().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(s.fixes())));
        out.flush();
        return ExitCodes.OK;
    }
}
