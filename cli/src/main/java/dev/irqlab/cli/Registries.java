package dev.irqlab.cli;

import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import picocli.CommandLine;

/** Plugin discovery for the commands: a start-up failure is bad input (exit 2) with the reasons. */
final class Registries {

    private Registries() {
    }

    /** The plugins, each assembled when the command first uses it (a scenario uses about half of them). */
    static PluginRegistry discover(CommandLine.Model.CommandSpec spec) {
        if (spec.root().userObject() instanceof Main main && main.plugins().isPresent()) {
            return main.plugins().get();
        }
        try {
            return PluginRegistry.discover(Main.class.getClassLoader());
        } catch (PluginException e) {
            throw failed(spec, e);
        }
    }

    /** The plugins, every one assembled now: a plugin that cannot be is reported here. */
    static PluginRegistry assembled(CommandLine.Model.CommandSpec spec) {
        PluginRegistry registry = discover(spec);
        try {
            registry.assembleAll();
        } catch (PluginException e) {
            throw failed(spec, e);
        }
        return registry;
    }

    private static CommandLine.ExecutionException failed(CommandLine.Model.CommandSpec spec, PluginException e) {
        return new CommandLine.ExecutionException(spec.commandLine(), "plugin start-up failed:\n  "
                + String.join("\n  ", e.reasons()), e);
    }
}
