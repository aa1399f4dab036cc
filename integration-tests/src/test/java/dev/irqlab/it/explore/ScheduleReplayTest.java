package dev.irqlab.it.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.explore.ChoicePoint;
import dev.irqlab.runtime.explore.Replay;
import dev.irqlab.runtime.explore.Schedule;
import dev.irqlab.runtime.explore.ScheduleChooser;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Choice points in the engine: the plain order is unchanged, and a recorded schedule replays exactly. */
class ScheduleReplayTest {

    static final PluginRegistry REGISTRY = PluginRegistry.discover();
    static final Path SCENARIOS = Path.of(System.getProperty("irqlab.scenarios", "../scenarios"));

    static Stream<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static Scenario load(String name) {
        return new ScenarioLoader().load(SCENARIOS.resolve(name), REGISTRY);
    }

    /** The JSON-lines trace of one run, plain ({@code schedule} null) or under a schedule. */
    static byte[] trace(Scenario s, Schedule schedule, ScheduleChooser[] chooser) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonlTraceWriter w = new JsonlTraceWriter(bytes)) {
            ScenarioRunner runner = new ScenarioRunner(REGISTRY);
            if (schedule == null) {
                runner.run(s, w);
            } else {
                ScheduleChooser c = new ScheduleChooser(schedule);
                runner.run(s, w, c, schedule.rangePoints());
                if (chooser != null) {
                    chooser[0] = c;
                }
            }
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    @DisplayName("under the plain schedule (every choice 0) a shipped scenario's trace is the plain run's, byte for byte")
    void plainScheduleIsThePlainRun(Path file) throws IOException {
        Scenario s = new ScenarioLoader().load(file, REGISTRY);
        assertArrayEquals(trace(s, null, null), trace(s, Schedule.plain(s.seed(), 3), null));
    }

    @Test
    @DisplayName("a schedule that takes other orders replays byte for byte, also after a round trip through its file")
    void replaysExactly(@TempDir Path dir) throws IOException {
        Scenario s = load("elan-i2c-invalid-report-arm64-gicv3.yaml");
        ScheduleChooser[] c = new ScheduleChooser[1];
        byte[] plain = trace(s, null, null);
        Schedule flipped = new Schedule(s.seed(), 3, List.of(1, 0, 1), List.of());
        byte[] first = trace(s, flipped, c);
        List<ChoicePoint> points = c[0].points();
        assertTrue(points.size() >= 3, "the touchpad scenario meets a choice point per touch: " + points);
        assertEquals(List.of(1, 0, 1), c[0].taken().choices());
        assertFalse(java.util.Arrays.equals(plain, first), "taking the other order changes the trace");
        Path file = dir.resolve("s.json");
        try (StringWriter w = new StringWriter()) {
            flipped.write(s.source(), points, w);
            Files.writeString(file, w.toString());
        }
        Schedule read = Schedule.read(file);
        assertEquals(flipped, read);
        assertArrayEquals(first, trace(s, read, null));
        assertArrayEquals(first, trace(s, read, null));
    }

    @Test
    @DisplayName("a schedule that does not fit the scenario is refused, naming the choice point")
    void misfitRefused() {
        Scenario s = load("elan-i2c-invalid-report-arm64-gicv3.yaml");
        ScenarioRunner runner = new ScenarioRunner(REGISTRY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Replay.run(runner, s,
                new Schedule(s.seed(), 3, List.of(5), List.of()), dev.irqlab.api.trace.Trace.discard()));
        assertTrue(e.getMessage().contains("schedule choice 0 is 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Replay.run(runner, s,
                Schedule.plain(s.seed() + 1, 3), dev.irqlab.api.trace.Trace.discard()));
    }
}
