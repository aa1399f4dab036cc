package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * --max-events, --max-wall and Ctrl-C stop a run between two events with a clear message, the summary
 * of what ran, and every output complete and valid.
 */
class BoundedRunTest {

    /** An interrupt storm (a driver that never claims its level interrupt) for 1000 s of virtual time. */
    static final String STORM = """
            name: endless storm
            run: {duration: 1000s, drain: 1ms}
            platform: {controller: gicv3, virtual-controller: vgic-v3}
            config: {kernel: {noirqdebug: true}}
            devices:
              - name: dev
                model: level-status
                interrupt: {line: 8, trigger: level-high}
                driver: {name: unclaimed, flow: level}
                workload: {start: 1ms, period: 1s, count: 1}
            """;

    @TempDir
    Path dir;

    private static Object parseJson(String text) {
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    private void assertOutputsValid(Path json, Path trace) throws IOException {
        Map<?, ?> result = (Map<?, ?>) parseJson(Files.readString(json));
        assertTrue(result.containsKey("metrics"), result.toString());
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        assertTrue(lines.size() > 10, "trace lines: " + lines.size());
        for (String line : lines) {
            assertTrue(parseJson(line) instanceof Map, line);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                    .toList(), "no temporary file is left");
        }
    }

    @Test
    @DisplayName("--max-events stops with the message and summary; outputs are complete and the same every time")
    void maxEvents() throws IOException {
        Path scenario = TestScenarios.write(dir, "storm.yaml", STORM);
        Path json = dir.resolve("r.json");
        Path trace = dir.resolve("t.jsonl");

        Cli r = Cli.irqlab("run", scenario.toString(), "--max-events", "5000", "--json", json.toString(),
                "--trace", trace.toString());
        byte[] first = Files.readAllBytes(trace);
        Cli again = Cli.irqlab("run", scenario.toString(), "--max-events", "5000", "--json", json.toString(),
                "--trace", trace.toString());

        assertEquals(3, r.status(), r.transcript());
        assertTrue(r.err().contains("irqlab run: stopped: --max-events 5000 reached after 5000 events at virtual time "),
                r.transcript());
        assertTrue(r.out().contains("events 5000") && r.out().contains("device-events"), "the summary of what ran\n"
                + r.transcript());
        assertOutputsValid(json, trace);
        assertEquals(3, again.status(), again.transcript());
        assertArrayEquals(first, Files.readAllBytes(trace), "a bounded run is as deterministic as a whole one");
    }

    @Test
    @DisplayName("--max-wall stops an endless run; bad limits are refused naming the option")
    void maxWallAndBadLimits() throws IOException {
        Path scenario = TestScenarios.write(dir, "storm.yaml", STORM);

        Cli r = Cli.irqlab("run", scenario.toString(), "--max-wall", "300ms");
        Cli zero = Cli.irqlab("run", scenario.toString(), "--max-events", "0");
        Cli unit = Cli.irqlab("run", scenario.toString(), "--max-wall", "3 minutes");

        assertEquals(3, r.status(), r.transcript());
        assertTrue(r.err().contains("stopped: --max-wall 0.3s reached after "), r.transcript());
        assertEquals(2, zero.status(), zero.transcript());
        assertTrue(zero.err().startsWith("--max-events: found 0, allowed: >= 1"), zero.transcript());
        assertEquals(2, unit.status(), unit.transcript());
        assertTrue(unit.err().startsWith("--max-wall: found '3 minutes'"), unit.transcript());
    }

    @Test
    @DisplayName("Ctrl-C (SIGINT) stops the run: exit 130, the summary, every output complete and valid")
    void sigint() throws IOException, InterruptedException {
        Path scenario = TestScenarios.write(dir, "storm.yaml", STORM);
        Path json = dir.resolve("r.json");
        Path trace = dir.resolve("t.jsonl");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", scenario.toString(), "--json",
                json.toString(), "--trace", trace.toString(), "--progress")
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        try {
            // wait until the run is under way: its trace's temporary file has grown
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && p.isAlive() && tempSize() < 100_000) {
                Thread.sleep(100);
            }
            assertTrue(p.isAlive(), "the storm is still running");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            boolean stopped = p.waitFor(120, TimeUnit.SECONDS);
            assertTrue(stopped, () -> "it stops; its standard error so far:\n" + read(dir.resolve("stderr")));
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("stderr"));
        assertEquals(130, p.exitValue(), err);
        assertTrue(err.contains("stopped: interrupted (Ctrl-C) after "), err);
        assertTrue(Files.readString(dir.resolve("stdout")).contains("device-events"), "the summary of what ran");
        Files.delete(dir.resolve("stdout"));
        Files.delete(dir.resolve("stderr"));
        assertOutputsValid(json, trace);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private long tempSize() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".t.jsonl.")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
