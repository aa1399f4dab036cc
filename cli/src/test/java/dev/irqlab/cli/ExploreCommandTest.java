package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.explore.ExploreResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code irqlab explore} and {@code explore-merge}: exit statuses, files, and shards as separate processes. */
class ExploreCommandTest {

    private static final String UPSTREAM = "../scenarios/elan-i2c-invalid-report-x86-ioapic.yaml";
    private static final String RANGED = "../scenarios/explore/elan-i2c-ranged-x86-irqfd-mask-notifier.yaml";

    @Test
    @DisplayName("a violation: exit 1, the minimised schedule and its files, and replaying it reproduces the run")
    void violationWritesAReplayableCounterexample(@TempDir Path dir) throws IOException {
        Cli c = Cli.irqlab("explore", UPSTREAM, "--check", "no-spurious", "--no-expect", "--max-schedules", "3",
                "--quiet", "--out", dir.toString());
        assertEquals(1, c.status(), c.transcript());
        assertTrue(c.out().contains("verdict: VIOLATION"), c.transcript());
        for (String suffix : List.of(".schedule.json", ".trace.jsonl", ".vcd", ".summary.txt", ".html")) {
            assertTrue(Files.size(dir.resolve("counterexample" + suffix)) > 0, suffix);
        }
        Path trace = dir.resolve("replay.jsonl");
        Cli replay = Cli.irqlab("run", UPSTREAM, "--schedule", dir.resolve("counterexample.schedule.json").toString(),
                "--trace", trace.toString());
        assertEquals(0, replay.status(), replay.transcript()); // the scenario expects the spurious interrupts
        assertEquals(Files.readString(dir.resolve("counterexample.trace.jsonl")), Files.readString(trace),
                "replaying the saved schedule gives the saved trace, byte for byte");
    }

    @Test
    @DisplayName("a counterexample away from the plain run (vgic notify-before-clear, the 20us window) replays byte "
            + "for byte and loses the event again")
    void deviatingCounterexampleReplaysExactly(@TempDir Path dir) throws IOException {
        String file = "../scenarios/explore/vgic-resample-on-enable-notify-before-clear-arm64.yaml";
        Cli c = Cli.irqlab("explore", file, "--reduction", "optimal", "--quiet", "--out", dir.toString());
        assertEquals(1, c.status(), c.transcript());
        assertTrue(c.out().contains("shortest violation      [0->1] of "), c.transcript());
        Path trace = dir.resolve("replay.jsonl");
        Cli replay = Cli.irqlab("run", file, "--schedule", dir.resolve("counterexample.schedule.json").toString(),
                "--trace", trace.toString());
        assertEquals(1, replay.status(), "the scenario expects nothing lost: " + replay.transcript());
        assertTrue(java.util.regex.Pattern.compile("(?m)^lost +1 +0 +FAIL$").matcher(replay.out()).find(),
                replay.transcript());
        assertEquals(Files.readString(dir.resolve("counterexample.trace.jsonl")), Files.readString(trace),
                "replaying the saved schedule gives the saved trace, byte for byte");
    }

    @Test
    @DisplayName("bad options are bad input (exit 2) with the allowed values")
    void badOptions() {
        Cli c = Cli.irqlab("explore", UPSTREAM, "--check", "no-such");
        assertEquals(2, c.status(), c.transcript());
        assertTrue(c.err().contains("allowed: no-lost, no-spurious, no-wedge"), c.transcript());
        assertEquals(2, Cli.irqlab("explore", UPSTREAM, "--shard", "3/3").status());
    }

    @Test
    @DisplayName("N shards as separate processes merge into the unsharded result")
    void shardsInSeparateProcesses(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.json");
        Cli c = Cli.irqlab("explore", RANGED, "--check", "no-spurious,no-lost,no-wedge", "--range-points", "2",
                "--quiet", "--json",
                whole.toString(), "--out", dir.toString());
        assertEquals(0, c.status(), c.transcript());
        int n = 3;
        List<Process> procs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("shard-" + i + ".json");
            files.add(f.toString());
            procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "explore", RANGED,
                    "--check", "no-spurious,no-lost,no-wedge", "--range-points", "2", "--quiet", "--shard",
                    i + "/" + n, "--json",
                    f.toString(), "--out", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("shard-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < n; i++) {
            assertTrue(procs.get(i).waitFor(5, TimeUnit.MINUTES), "shard " + i + " finished");
            assertEquals(0, procs.get(i).exitValue(), Files.readString(dir.resolve("shard-" + i + ".log")));
        }
        Path merged = dir.resolve("merged.json");
        List<String> args = new ArrayList<>(List.of("explore-merge", "--json", merged.toString()));
        args.addAll(files);
        Cli m = Cli.irqlab(args.toArray(String[]::new));
        assertEquals(0, m.status(), m.transcript());
        ExploreResult expected = ExploreResult.read(whole);
        ExploreResult actual = ExploreResult.read(merged);
        assertEquals(expected.verdict(), actual.verdict());
        for (String f : files) {
            assertTrue(ExploreResult.read(Path.of(f)).schedules() < expected.schedules(), "each shard did a part");
        }
        Cli twice = Cli.irqlab("explore-merge", files.get(0), files.get(0), files.get(1));
        assertEquals(2, twice.status(), twice.transcript());
    }
}
