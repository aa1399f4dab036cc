package dev.irqlab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code --set PATH=VALUE}, for every command that loads a scenario (a picocli mixin). */
final class OverrideOptions {

    @CommandLine.Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "override one scenario key, validated as if written in the file: "
                    + "--set devices[0].interrupt.line=12, --set config.kernel.threadirqs=true, "
                    + "--set 'fix=[irqfd-mask-notifier]' (repeatable; applied in order)")
    List<String> overrides = new ArrayList<>();
}
