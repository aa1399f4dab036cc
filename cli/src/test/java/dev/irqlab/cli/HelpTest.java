package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} works on every command and lists its options. */
class HelpTest {

    @Test
    @DisplayName("irqlab --help lists every command and exits 0")
    void topLevelHelp() {
        Cli r = Cli.irqlab("--help");

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().startsWith("Usage: irqlab "), r.transcript());
        for (String command : List.of("run", "validate", "plugins", "help")) {
            assertTrue(r.out().contains("\n  " + command + " "), "lists " + command + "\n" + r.transcript());
        }
        for (String option : List.of("--help", "--version")) {
            assertTrue(r.out().contains(option), "lists " + option + "\n" + r.transcript());
        }
    }

    @Test
    @DisplayName("run --help lists the scenario parameter and every output option")
    void runHelpListsOutputs() {
        Cli r = Cli.irqlab("run", "--help");

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().startsWith("Usage: irqlab run "), r.transcript());
        for (String option : List.of("SCENARIO", "--json=FILE", "--vcd=FILE", "--chrome-trace=FILE", "--trace=FILE",
                "--strict", "--set=PATH=VALUE", "--help", "--version")) {
            assertTrue(r.out().contains(option), "lists " + option + "\n" + r.transcript());
        }
        assertTrue(r.out().contains("Exit status: 0 ok, 1 an expectation of the scenario was not met (or a warning,"),
                r.transcript());
        assertTrue(r.out().contains("2 bad input, 3 stopped by"), r.transcript());
    }

    @ParameterizedTest(name = "{0} --help prints its usage and options and exits 0")
    @ValueSource(strings = {"run", "validate", "plugins"})
    void everyCommandHasHelp(String command) {
        Cli r = Cli.irqlab(command, "--help");

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().startsWith("Usage: irqlab " + command + " "), r.transcript());
        assertTrue(r.out().contains("-h, --help"), r.transcript());
        assertTrue(r.out().contains("-V, --version"), r.transcript());
        assertEquals("", r.err(), r.transcript());
    }

    @ParameterizedTest(name = "irqlab help {0} (every command) prints the same text as {0} --help (that command alone)")
    @ValueSource(strings = {"run", "validate", "describe", "plugins", "matrix", "explore", "explore-merge", "diff"})
    void helpCommandMatchesHelpOption(String command) {
        Cli viaCommand = Cli.irqlab("help", command);
        Cli viaOption = Cli.irqlab(command, "--help");

        assertEquals(0, viaCommand.status(), viaCommand.transcript());
        assertEquals(viaOption.out(), viaCommand.out());
    }

    @Test
    @DisplayName("a command line naming a command builds that command alone, --version none, any other every command")
    void onlyTheNamedCommandIsBuilt() {
        assertEquals(Set.of("run"), Main.commandLine(null, "run", "x.yaml").getSubcommands().keySet());
        assertEquals(Set.of("explore-merge"), Main.commandLine(null, "explore-merge").getSubcommands().keySet());
        Set<String> every = Set.of("run", "validate", "describe", "plugins", "matrix", "explore", "explore-merge",
                "diff", "help");
        assertEquals(every, Main.commandLine(null).getSubcommands().keySet());
        assertEquals(every, Main.commandLine(null, "help", "run").getSubcommands().keySet());
        assertEquals(every, Main.commandLine(null, "--help").getSubcommands().keySet());
        assertEquals(every, Main.commandLine(null, "rnu").getSubcommands().keySet());
        assertEquals(Set.of(), Main.commandLine(null, "--version").getSubcommands().keySet());
        assertEquals(every, Main.commandLine(null, "--version", "run").getSubcommands().keySet());
    }

    @Test
    @DisplayName("--version and -V print the version and exit 0")
    void version() {
        for (String option : List.of("--version", "-V")) {
            Cli r = Cli.irqlab(option);

            assertEquals(0, r.status(), r.transcript());
            assertEquals("irqlab 0.1.0" + System.lineSeparator(), r.out(), r.transcript());
            assertEquals("", r.err(), r.transcript());
        }
    }

    @Test
    @DisplayName("a mistyped command is refused with every command listed (exit 2)")
    void mistypedCommand() {
        Cli r = Cli.irqlab("rnu", "x.yaml");

        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("Unmatched arguments from index 0: 'rnu'"), r.transcript());
        for (String command : List.of("run", "validate", "matrix", "explore-merge", "diff")) {
            assertTrue(r.err().contains("\n  " + command + " "), "lists " + command + "\n" + r.transcript());
        }
    }
}
