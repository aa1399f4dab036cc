package dev.irqlab.cli;

import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import picocli.CommandLine;

/** Plugin discovery for the commands: a start-up failure is bad input (exit 2) with the reasons. */
final class Registries {

    private Registries() {
    }

    static PluginRegistry discover(CommandLine.Model.CommandSpec spec) {
        if (spec.root().userObject() instanceof Main main && main.plugins().isPresent()) {
            return main.plugins().get();
        }
        try {
            return PluginRegistry.discover(Main.class.getClassLoader());
        } catch (PluginException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "plugin start-up failed:\n  "
                    + String.join("\n  ", e.reasons()), e);
        }
    }
}
