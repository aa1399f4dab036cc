package dev.irqlab.cli;

import dev.irqlab.runtime.reference.Reference;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code irqlab describe [PLUGIN]}: the reference of every key, model, flow, fix and message key. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Print every configuration key (path, type, unit, default, allowed values, what it models, "
                + "kernel source), every model, driver, flow, fix, VMM option, message key and metric.",
                "With PLUGIN, only what that plugin declares; 'scenario' gives the scenario language's own keys.",
                "Exit status: 0 ok, 2 bad input."})
final class DescribeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PLUGIN", arity = "0..1", description = "a plugin name (see 'irqlab plugins') or 'scenario'")
    String subject;

    @Option(names = "--markdown", description = "print the whole reference as Markdown (docs/scenario-reference.md)")
    boolean markdown;

    @Override
    public Integer call() {
        Reference reference = new Reference(Registries.discover(spec));
        if (subject != null && !reference.subjects().contains(subject)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "PLUGIN: found '" + subject
                    + "', allowed: " + String.join(", ", reference.subjects()));
        }
        if (markdown && subject != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--markdown: prints the whole reference; "
                    + "give no PLUGIN with it");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(markdown ? reference.markdown() : reference.text(Optional.ofNullable(subject)));
        out.flush();
        return ExitCodes.OK;
    }
}
