package dev.irqlab.cli;

import dev.irqlab.runtime.plugins.PluginRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The {@code irqlab} command run in-process, its standard output and error captured. */
record Cli(int status, String out, String err) {

    static Cli irqlab(String... args) {
        return irqlab(null, args);
    }

    /** The command over plugins discovered once by the caller (null: each command discovers them). */
    static Cli irqlab(PluginRegistry plugins, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(plugins, args); // as main() builds it: only the command named
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Cli(status, out.toString(), err.toString());
    }

    /** Both streams, for assertion messages. */
    String transcript() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
