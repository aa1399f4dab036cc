package dev.irqlab.kvmlive.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.runtime.engine.Simulation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle's findings replayed on the model, without /dev/kvm: the state the model reaches must be
 * the one the kernel reached ({@link RecordedCase#KERNEL}).
 */
class RecordedCasesOnModelTest {

    static Stream<RecordedCase> fixed() {
        return RecordedCases.FIXED.stream();
    }

    private static Snapshot onModel(RecordedCase c) {
        ModelIrqchip m = new ModelIrqchip(new Simulation(1L, e -> { }), 2, true);
        return c.runOn(m, RecordedCase.kvmResetEntries());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixed")
    void modelReachesTheKernelsState(RecordedCase c) {
        assertEquals("", c.differences(onModel(c)), c.name() + " (kernel " + c.kernel() + ")");
    }
}
