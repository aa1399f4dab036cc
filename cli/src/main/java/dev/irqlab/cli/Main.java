package dev.irqlab.cli;

import dev.irqlab.runtime.plugins.PluginRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * {@code irqlab}: run interrupt-forwarding scenarios. Exit status: 0 ok, 1 expectations not met,
 * 2 bad input (scenario, options or plugin combination). The root's spec is built in code
 * ({@link Specs}); so are those of the commands started most often, the others are annotated.
 */
public final class Main implements Runnable {

    private static final String HELP = "help";

    /**
     * The commands, in the order the help lists them (added by {@link #commandLine(PluginRegistry, String...)}):
     * each a spec built in code, or an annotated class picocli reads.
     */
    private static final List<Entry> COMMANDS = List.of(
            new Entry(RunCommand.NAME, RunCommand::spec, null),
            new Entry("validate", null, ValidateCommand.class),
            new Entry("describe", null, DescribeCommand.class),
            new Entry("plugins", null, PluginsCommand.class),
            new Entry(MatrixCommand.NAME, MatrixCommand::spec, null),
            new Entry("explore", null, ExploreCommand.class),
            new Entry("explore-merge", null, ExploreMergeCommand.class),
            new Entry("diff", null, DiffCommand.class),
            new Entry(HELP, null, CommandLine.HelpCommand.class));

    /** A command: its name, and either its spec built in code or its annotated class. */
    private record Entry(String name, Supplier<CommandLine.Model.CommandSpec> spec, Class<?> annotated) {
        void addTo(CommandLine root) {
            if (spec != null) {
                root.addSubcommand(name, new CommandLine(spec.get()));
            } else {
                root.addSubcommand(name, annotated);
            }
        }
    }

    private CommandLine.Model.CommandSpec spec;

    /** The plugins the commands use; null: discovered by each command from the class path. */
    private final PluginRegistry plugins;

    private Main(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** The plugins given to {@link #commandLine(PluginRegistry)}, if any. */
    Optional<PluginRegistry> plugins() {
        return Optional.ofNullable(plugins);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        return commandLine(null, args).execute(args);
    }

    /**
     * The command line with its error handling: a failure inside a command (a file that cannot be
     * written, plugins that fail to start) is bad input — one line on stderr, exit status 2, no stack
     * trace. Expectations not met are not an exception: the run command returns 1 itself.
     */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * {@link #commandLine()} over plugins already discovered (tests running many commands in one JVM
     * discover them once); null discovers them in each command.
     */
    static CommandLine commandLine(PluginRegistry plugins) {
        return commandLine(plugins, new String[0]);
    }

    /**
     * The command line for {@code args}: when they start with a command's name, the root holds that
     * command alone, else every command. picocli reads each command's annotations when it is added
     * (its options, mixins and their annotation proxies), which was most of picocli's part of every
     * command's start-up; a command line that names a command uses no other (the root's own options,
     * help and version, come before a command's name, and {@code help CMD} is given every command).
     * {@code --version} alone needs none.
     */
    static CommandLine commandLine(PluginRegistry plugins, String... args) {
        CommandLine cl = new CommandLine(rootSpec(new Main(plugins)));
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        Entry named = args.length == 0 ? null : COMMANDS.stream()
                .filter(c -> !c.name().equals(HELP) && c.name().equals(args[0]))
                .findFirst().orElse(null);
        for (Entry c : COMMANDS) {
            if (!versionOnly && (named == null || c.name().equals(named.name()))) {
                c.addTo(cl);
            }
        }
        // after the commands: picocli gives the handler to the commands present when it is set
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e.getMessage();
            Throwable cause = e.getCause();
            if (e instanceof java.io.UncheckedIOException && cause != null) {
                message = message + ": " + cause.getMessage();
            } else if (message == null && cause != null) {
                message = cause.toString();
            }
            commandLine.getErr().println("irqlab " + commandLine.getCommandName() + ": " + (message == null
                    ? e.toString() : message));
            commandLine.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /** The root command's spec: {@code irqlab}, its description, version and exit statuses. */
    private static CommandLine.Model.CommandSpec rootSpec(Main main) {
        CommandLine.Model.CommandSpec spec = Specs.command(main, "irqlab",
                "Deterministic models of interrupt forwarding into virtual machines.")
                .version("irqlab 0.1.0")
                .exitCodeOnInvalidInput(ExitCodes.BAD_INPUT)
                .exitCodeOnExecutionException(ExitCodes.BAD_INPUT);
        main.spec = spec;
        return Specs.standardHelp(spec);
    }

    public static void main(String[] args) {
        configureProcess();
        System.exit(execute(args));
    }

    /**
     * What a process running the commands sets before any plugin is loaded: Guice invokes the plugins'
     * constructors by reflection instead of classes it defines through {@code sun.misc.Unsafe}, which
     * JDK 24 and later warn about on every command (JEP 498) and which cost start-up time for the few
     * factories each process builds. A value given on the command line ({@code -D}) is kept.
     */
    static void configureProcess() {
        if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
            System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
        }
        if (System.getProperty(PICOCLI_CONVERTERS_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTERS_EXCLUDES, NO_OPTION_TYPE);
        }
    }

    /**
     * picocli's switch for the converters it registers by reflection for every command line
     * ({@code CommandLine.BuiltIn.excluded}: a comma-separated list of regular expressions).
     */
    static final String PICOCLI_CONVERTERS_EXCLUDES = "picocli.converters.excludes";

    /**
     * The types no option of irqlab has, whose converters picocli would find by {@code Class.forName}
     * on every start: {@code java.sql} (a module the commands need nowhere else) and {@code java.time}.
     */
    static final String NO_OPTION_TYPE = "java\\.sql\\..*,java\\.time\\..*";

    /** Guice's switch for its generated classes ({@code com.google.inject.internal.InternalFlags}). */
    static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";
}
