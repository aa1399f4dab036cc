package dev.irqlab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code --set PATH=VALUE}, for every command that loads a scenario: a picocli mixin for the
 * annotated commands, {@link #addTo} for those built in code ({@link Specs}).
 */
final class OverrideOptions {

    private static final String NAME = "--set";
    private static final String LABEL = "PATH=VALUE";
    private static final String DESCRIPTION = "override one scenario key, validated as if written in the file: "
            + "--set devices[0].interrupt.line=12, --set config.kernel.threadirqs=true, "
            + "--set 'fix=[irqfd-mask-notifier]' (repeatable; applied in order)";

    @CommandLine.Option(names = NAME, paramLabel = LABEL, description = DESCRIPTION)
    List<String> overrides = new ArrayList<>();

    /** Adds {@code --set} to a spec built in code. */
    static void addTo(CommandLine.Model.CommandSpec spec) {
        spec.addOption(Specs.list(NAME, LABEL, DESCRIPTION).build());
    }

    /** The overrides given to a spec {@link #addTo} added {@code --set} to, in order. */
    static List<String> of(CommandLine.Model.CommandSpec spec) {
        return Specs.strings(spec, NAME);
    }
}
