package dev.irqlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the {@code irqlab} launcher's start-up archive (a CDS archive dumped at exit on
 * JDK 17-24, an AOT cache on JDK 25+): runs the short commands a user runs, in one JVM, so that the
 * archive holds every class they load whichever command the user ran first. Its output is discarded
 * by the launcher; its exit status is 0 when every command ran as it should.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=A -cp irqlab.jar dev.irqlab.cli.ArchiveTraining
 * SCENARIO...} (the shipped scenarios to run and validate; none: only the commands without one).
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    public static void main(String[] scenarios) throws IOException {
        Main.configureProcess();
        Path dir = Files.createTempDirectory("irqlab-training");
        int failed = 0;
        try {
            for (String[] args : commands(scenarios, dir)) {
                int status = Main.execute(args);
                if (status != ExitCodes.OK) {
                    System.err.println("irqlab training: '" + String.join(" ", args) + "' exited " + status);
                    failed++;
                }
            }
        } finally {
            delete(dir);
        }
        System.exit(failed == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT);
    }

    /**
     * The commands run: each scenario validated, run plainly and run with every output (a plain run
     * and a run with writers take different paths), then the commands that need no scenario.
     */
    static List<String[]> commands(String[] scenarios, Path dir) {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"--help"});
        commands.add(new String[] {"run", "--help"});
        for (String s : scenarios) {
            commands.add(new String[] {"validate", s});
            commands.add(new String[] {"run", s}); // the plain run: its stack built once, no writer
            commands.add(new String[] {"run", s,
                "--json", dir.resolve("result.json").toString(), "--csv", dir.resolve("result.csv").toString(),
                "--html", dir.resolve("report.html").toString(), "--log", dir.resolve("dmesg.log").toString(),
                "--vcd", dir.resolve("waves.vcd").toString(), "--trace", dir.resolve("trace.jsonl").toString(),
                "--chrome-trace", dir.resolve("chrome.json").toString()});
        }
        commands.add(new String[] {"matrix", "--json", dir.resolve("matrix.json").toString()});
        commands.add(new String[] {"plugins"});
        commands.add(new String[] {"describe"});
        return commands;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
