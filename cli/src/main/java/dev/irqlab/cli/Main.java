package dev.irqlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code irqlab}: run interrupt-forwarding scenarios. Exit status: 0 ok, 1 expectations not met,
 * 2 bad input (scenario, options or plugin combination).
 */
@Command(name = "irqlab", mixinStandardHelpOptions = true, version = "irqlab 0.1.0",
        description = "Deterministic models of interrupt forwarding into virtual machines.",
        subcommands = {RunCommand.class, ValidateCommand.class, PluginsCommand.class, MatrixCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = ExitCodes.BAD_INPUT, exitCodeOnExecutionException = ExitCodes.BAD_INPUT)
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (run, validate, plugins)");
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
