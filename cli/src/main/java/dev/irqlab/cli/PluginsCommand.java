package dev.irqlab.cli;

import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.plugins.PluginRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code irqlab plugins}: what is on the class path. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the plugins on the class path: name, SPI version, what they provide, fixes.")
final class PluginsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = Registries.assembled(spec);
        out.printf("%-14s %-4s %-12s %s%n", "PLUGIN", "SPI", "ARCH", "PROVIDES / FIXES / FEATURES");
        for (IrqlabPlugin p : registry.plugins().values()) {
            Capabilities c = p.capabilities();
            List<String> provides = new ArrayList<>();
            for (Role r : Role.values()) {
                if (!c.names(r).isEmpty()) {
                    provides.add(r.label() + ": " + String.join(", ", new java.util.TreeSet<>(c.names(r))));
                }
            }
            String arch = c.architectures().isEmpty() ? "any" : String.join(",", new java.util.TreeSet<>(
                    c.architectures()));
            out.printf("%-14s %-4d %-12s %s%n", p.name(), p.spiVersion(), arch, String.join("; ", provides));
            if (!c.fixes().isEmpty()) {
                out.printf("%-14s %-4s %-12s fixes: %s%n", "", "", "", String.join(", ",
                        new java.util.TreeSet<>(c.fixes())));
            }
            if (!c.features().isEmpty()) {
                out.printf("%-14s %-4s %-12s features: %s%n", "", "", "", String.join(", ",
                        new java.util.TreeSet<>(c.features())));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
