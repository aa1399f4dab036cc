package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runs of one parsed scenario share its plan (the plugins' choice and the stack's plan,
 * {@code StackPlan}, found once) and nothing a run changes: two runs in a row of one runner, and a
 * run of a runner of its own on a scenario parsed again (a plan of its own), give the same outcome
 * and the same trace, byte for byte (its digest).
 */
class RepeatedRunsTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    static Stream<Path> shipped() throws IOException {
        return ShippedScenariosTest.shipped();
    }

    /** A run's outcome and its whole JSON Lines trace: a digest of its bytes, and how many (a storm's is large). */
    private record Ran(RunOutcome outcome, String traceDigest, long traceBytes) {
    }

    private static Ran run(ScenarioRunner runner, Scenario s) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long[] count = new long[1];
        OutputStream counted = new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
                count[0] += len;
            }
        };
        RunOutcome outcome;
        try (JsonlTraceWriter writer = new JsonlTraceWriter(counted)) {
            outcome = runner.run(s, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Ran(outcome, HexFormat.of().formatHex(sha.digest()), count[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    @DisplayName("two runs of one plan and a run of a plan of its own are the same, trace and outcome")
    void runsOfOnePlanAreTheSame(Path file) {
        Scenario s = new ScenarioLoader().load(file, REGISTRY);
        ScenarioRunner runner = new ScenarioRunner(REGISTRY);
        Ran first = run(runner, s);
        Ran second = run(runner, s);
        Scenario again = new ScenarioLoader().load(file, REGISTRY);
        assertNotSame(s, again);
        Ran own = run(new ScenarioRunner(REGISTRY), again);
        assertTrue(first.traceBytes() > 0, file + ": the trace is empty");
        assertEquals(first.traceBytes() + " " + first.traceDigest(), second.traceBytes() + " " + second.traceDigest(),
                file + ": the second run of one plan traced otherwise");
        assertEquals(first.outcome(), second.outcome(), file + ": the second run of one plan ended otherwise");
        assertEquals(first.traceBytes() + " " + first.traceDigest(), own.traceBytes() + " " + own.traceDigest(),
                file + ": a run of a plan of its own traced otherwise");
        assertEquals(first.outcome(), own.outcome(), file + ": a run of a plan of its own ended otherwise");
    }
}
