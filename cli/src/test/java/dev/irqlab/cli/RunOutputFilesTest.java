package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code run --json/--vcd/--chrome-trace/--trace} write their files, and the same run writes the same bytes. */
class RunOutputFilesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("run writes the result JSON, the VCD, the Chrome trace and the JSON-lines trace")
    void writesEveryOutput() throws IOException {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Outputs o = Outputs.in(dir.resolve("a"));

        Cli r = Cli.irqlab(o.args(scenario));

        assertEquals(0, r.status(), r.transcript());
        Map<?, ?> result = assertInstanceOf(Map.class, parseJson(o.json));
        assertEquals("cli test touchpad", result.get("scenario"));
        assertEquals(true, result.get("passed"));
        Map<?, ?> metrics = assertInstanceOf(Map.class, result.get("metrics"));
        assertEquals(3, ((Number) metrics.get("device-events")).intValue());

        String vcd = Files.readString(o.vcd, StandardCharsets.US_ASCII);
        assertTrue(vcd.contains("$timescale 1 ns $end"), vcd);
        assertTrue(vcd.contains("$enddefinitions $end"), vcd);

        Map<?, ?> chrome = assertInstanceOf(Map.class, parseJson(o.chrome));
        List<?> events = assertInstanceOf(List.class, chrome.get("traceEvents"));
        assertTrue(!events.isEmpty(), "the Chrome trace has events");

        List<String> lines = Files.readAllLines(o.trace, StandardCharsets.UTF_8);
        assertTrue(lines.size() > 10, "the trace has the run's events: " + lines.size());
        for (String line : lines) {
            Map<?, ?> event = assertInstanceOf(Map.class, parseJson(line));
            assertTrue(event.containsKey("type") && event.containsKey("time"), line);
        }
    }

    @Test
    @DisplayName("two runs of the same scenario write byte-identical --trace and --vcd files")
    void deterministicOutputs() throws IOException {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Outputs first = Outputs.in(dir.resolve("first"));
        Outputs second = Outputs.in(dir.resolve("second"));

        assertEquals(0, Cli.irqlab(first.args(scenario)).status());
        assertEquals(0, Cli.irqlab(second.args(scenario)).status());

        assertTrue(Files.size(first.trace) > 0 && Files.size(first.vcd) > 0);
        assertArrayEquals(Files.readAllBytes(first.trace), Files.readAllBytes(second.trace), "--trace");
        assertArrayEquals(Files.readAllBytes(first.vcd), Files.readAllBytes(second.vcd), "--vcd");
        assertArrayEquals(Files.readAllBytes(first.chrome), Files.readAllBytes(second.chrome), "--chrome-trace");
        assertArrayEquals(Files.readAllBytes(first.json), Files.readAllBytes(second.json), "--json");
    }

    @Test
    @DisplayName("a run whose expectations fail still writes its result JSON with passed: false")
    void failedRunStillWritesJson() throws IOException {
        Path scenario = TestScenarios.write(dir, "impossible.yaml", TestScenarios.TOUCHPAD_IMPOSSIBLE);
        Path json = dir.resolve("result.json");

        Cli r = Cli.irqlab("run", scenario.toString(), "--json", json.toString());

        assertEquals(1, r.status(), r.transcript());
        Map<?, ?> result = assertInstanceOf(Map.class, parseJson(json));
        assertEquals(false, result.get("passed"));
    }

    /** JSON is YAML 1.2: SnakeYAML Engine (already on the class path for the scenario loader) parses it. */
    private static Object parseJson(Path file) throws IOException {
        return parseJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Object parseJson(String text) {
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    private record Outputs(Path json, Path vcd, Path chrome, Path trace) {
        static Outputs in(Path dir) throws IOException {
            Files.createDirectories(dir);
            return new Outputs(dir.resolve("result.json"), dir.resolve("waves.vcd"), dir.resolve("chrome.json"),
                    dir.resolve("trace.jsonl"));
        }

        String[] args(Path scenario) {
            return new String[] {"run", scenario.toString(), "--json", json.toString(), "--vcd", vcd.toString(),
                    "--chrome-trace", chrome.toString(), "--trace", trace.toString()};
        }
    }
}
