package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.it.contracts.ContractLauncher;
import dev.irqlab.it.contracts.ContractOutcome;
import dev.irqlab.it.contracts.ContractOutcome.Status;
import dev.irqlab.it.contracts.DoubleContractRuns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link AllPluginsContractTest}'s way of running contracts fails when a factory breaks
 * its contract: the dynamic tests it builds are run, in a launcher of their own, over a controller
 * whose CPU output is cut ({@link dev.irqlab.it.contracts.BrokenPicFactory}) and over the kit's
 * working toy controller.
 */
class ContractFailuresFailTheOuterTest {

    private List<ContractOutcome> outer;

    @BeforeEach
    void runTheDynamicTests() {
        outer = ContractLauncher.run(DoubleContractRuns.class, Map.of());
    }

    private List<ContractOutcome> of(String container, Status status) {
        return outer.stream().filter(o -> o.path().startsWith(container + " / ") && o.status() == status).toList();
    }

    @Test
    @DisplayName("the broken controller's delivery tests fail the outer dynamic tests, with the contract's message")
    void brokenFails() {
        List<ContractOutcome> failed = of("brokenController()", Status.FAILED);
        assertFalse(failed.isEmpty(), "no outer test failed: " + outer);
        ContractOutcome masked = failed.stream()
                .filter(o -> o.path().contains("is not signalled while masked, and is signalled once unmasked"))
                .findFirst().orElseThrow(() -> new AssertionError("the masked-then-unmasked test did not fail: " + failed));
        String message = masked.failure().getMessage();
        assertTrue(message.contains("physical-controller 'BrokenPicFactory' breaks the contract"), message);
        assertTrue(message.contains("expected: <true> but was: <false>"), "the contract's own failure: " + message);
    }

    @Test
    @DisplayName("the broken controller still passes the tests its bug does not touch")
    void brokenPassesTheRest() {
        assertTrue(of("brokenController()", Status.PASSED).stream()
                .anyMatch(o -> o.path().contains("a line number maps to a hwirq")), outer.toString());
    }

    @Test
    @DisplayName("the working toy controller passes every outer test: the failures come from the double")
    void workingPasses() {
        assertEquals(List.of(), of("workingController()", Status.FAILED));
        assertEquals(8, of("workingController()", Status.PASSED).size(), outer.toString());
    }
}
