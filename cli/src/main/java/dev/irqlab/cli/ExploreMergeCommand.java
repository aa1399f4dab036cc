package dev.irqlab.cli;

import dev.irqlab.runtime.explore.ExploreResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code irqlab explore-merge FILE...}: combine the shards of one exploration. */
@Command(name = "explore-merge", mixinStandardHelpOptions = true,
        description = {"Combine the --json results of every shard of one exploration into the result the "
                + "unsharded exploration gives.",
                "Exit status: 0 no violation, 1 a violation, 2 bad input (a shard missing, twice, or of "
                        + "another exploration)."})
final class ExploreMergeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "FILE", arity = "1..*", description = "the shards' result files")
    List<Path> files;

    @Option(names = "--json", paramLabel = "FILE", description = "write the merged result (JSON)")
    Path json;

    @Override
    public Integer call() throws IOException {
        ExploreResult merged;
        try {
            List<ExploreResult> shards = new ArrayList<>();
            for (Path f : files) {
                shards.add(ExploreResult.read(f));
            }
            merged = ExploreResult.merge(shards);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("irqlab explore-merge: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
        ExploreReport.print(merged, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        if (json != null) {
            try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                merged.write(w);
            }
        }
        return merged.violating() > 0 ? ExitCodes.EXPECTATIONS_NOT_MET : ExitCodes.OK;
    }
}
