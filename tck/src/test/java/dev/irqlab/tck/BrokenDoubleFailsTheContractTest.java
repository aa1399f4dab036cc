package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.tck.doubles.ToyPicFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Proves that a contract run the way {@code dev.irqlab.tck.plugins} runs them (a
 * {@code @ParameterizedClass} over plugin factories) fails when a factory breaks the contract: the
 * run below, over a controller whose CPU output is cut ({@link BrokenPicFactory}) and the kit's
 * working toy controller, is executed by JUnit's own {@link EngineTestKit}.
 */
class BrokenDoubleFailsTheContractTest {

    /** The physical contract over two doubles, parameterised as the discovered runs are (not run by surefire). */
    @ParameterizedClass(name = "{0}")
    @MethodSource("doubles")
    static class DoublesRun extends PhysicalControllerContract {

        @Parameter
        PluginUnderTest<PhysicalControllerFactory> plugin;

        static Stream<PluginUnderTest<PhysicalControllerFactory>> doubles() {
            return Stream.of(PluginUnderTest.withDefaults("broken", new BrokenPicFactory(), Set.of()),
                    PluginUnderTest.withDefaults("toy-pic", new ToyPicFactory(), Set.of()));
        }

        @Override
        protected PhysicalInterruptController newController(SimHarness h) {
            return plugin.factory().create(new ControllerContext(h.sim(), "host." + plugin.name(), 1,
                    plugin.config(), Set.of()));
        }
    }

    private EngineExecutionResults results;

    @BeforeEach
    void runTheContract() {
        results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(DoublesRun.class)).execute();
    }

    /** Tests of one invocation (its display name) that ended with the given status. */
    private List<Event> finished(String invocation, TestExecutionResult.Status status) {
        return results.testEvents().finished().stream()
                .filter(e -> path(e.getTestDescriptor()).startsWith(invocation + " / "))
                .filter(e -> e.getRequiredPayload(TestExecutionResult.class).getStatus() == status)
                .toList();
    }

    /** Display names from the invocation down to the test. */
    private static String path(TestDescriptor d) {
        List<String> names = new ArrayList<>();
        for (Optional<TestDescriptor> t = Optional.of(d); t.isPresent(); t = t.get().getParent()) {
            names.add(0, t.get().getDisplayName());
        }
        return String.join(" / ", names.subList(Math.min(2, names.size()), names.size()));
    }

    @Test
    @DisplayName("the broken controller fails the delivery tests, with the contract's own message")
    void brokenFails() {
        List<Event> failed = finished("broken", TestExecutionResult.Status.FAILED);
        assertFalse(failed.isEmpty(), "no test failed for the broken double");
        Event masked = failed.stream()
                .filter(e -> path(e.getTestDescriptor())
                        .contains("is not signalled while masked, and is signalled once unmasked"))
                .findFirst().orElseThrow(() -> new AssertionError("the masked-then-unmasked test did not fail"));
        Throwable cause = masked.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertTrue(cause.getMessage().contains("expected: <true> but was: <false>"), cause.getMessage());
    }

    @Test
    @DisplayName("the broken controller still passes the tests its bug does not touch")
    void brokenPassesTheRest() {
        assertTrue(finished("broken", TestExecutionResult.Status.SUCCESSFUL).stream()
                .anyMatch(e -> path(e.getTestDescriptor()).contains("a line number maps to a hwirq")));
    }

    @Test
    @DisplayName("the working toy controller passes every test: the failures come from the double")
    void workingPasses() {
        assertEquals(List.of(), finished("toy-pic", TestExecutionResult.Status.FAILED));
        assertEquals(8, finished("toy-pic", TestExecutionResult.Status.SUCCESSFUL).size());
    }
}
