package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario in scenarios/ is a regression test: it loads, runs, and meets its own expectations. */
class ShippedScenariosTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    static Stream<Path> shipped() throws IOException {
        Path dir = Path.of(System.getProperty("irqlab.scenarios", "../scenarios"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(yaml.isEmpty(), "no scenario in " + dir.toAbsolutePath());
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    @DisplayName("a shipped scenario meets its expectations")
    void meetsExpectations(Path file) {
        Scenario s = new ScenarioLoader().load(file, REGISTRY);
        assertFalse(s.expectations().isEmpty(), file + " has no expectations: it would test nothing");
        RunOutcome outcome = new ScenarioRunner(REGISTRY).run(s, Trace.discard());
        String failed = outcome.expectations().stream().filter(e -> !e.passed())
                .map(ExpectationResult::toString).collect(Collectors.joining("\n"));
        assertTrue(outcome.passed(), file + ":\n" + failed);
    }
}
