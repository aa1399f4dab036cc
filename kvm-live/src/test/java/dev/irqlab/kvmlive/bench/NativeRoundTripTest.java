package dev.irqlab.kvmlive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.kvmlive.RequiresKvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native host on this machine's KVM (skipped, with the reason, without /dev/kvm or gcc). Whatever
 * the flavour, every device event is served by exactly one interrupt that finds it asserted, and every
 * trigger the host wrote was resampled once: by the acknowledge of the interrupt it caused, or at the
 * guest's unmask when KVM drops an irr raised while the entry was masked (ioapic.c
 * {@code ioapic_write_indirect}, Linux 6.4+). How many interrupts are spurious depends on the flavour
 * ({@code kvm_pvm} resamples at delivery, see {@code LiveBackendTest}).
 */
@ExtendWith(NativeRoundTripTest.Available.class)
class NativeRoundTripTest {

    @TempDir
    static Path dir;

    private static NativeRoundTrip host;

    /** Skips the class, with the reason, where the host cannot be built or run. */
    static final class Available implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return RequiresKvm.skipWhen(NativeRoundTrip.unavailableReason());
        }
    }

    @BeforeAll
    static void build() {
        host = NativeRoundTrip.build(dir.resolve("host"));
    }

    @AfterAll
    static void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void closeRemovesWhatBuildWrote() {
        Path own = dir.resolve("closed");
        NativeRoundTrip built = NativeRoundTrip.build(own);
        assertTrue(Files.isExecutable(own.resolve("kvm-roundtrip")));
        built.close();
        assertFalse(Files.exists(own), "build's folder is left behind");
    }

    @ParameterizedTest(name = "oneshot={0}")
    @ValueSource(booleans = {false, true})
    void everyEventIsServedOnceAndEveryTriggerResampled(boolean oneshot) {
        NativeRoundTrip.Result r = host.run(oneshot, 300, 16);
        assertEquals(300, r.events());
        assertEquals(r.events(), r.interrupts() - r.spurious(), r.toString());
        assertTrue(r.resamples() >= r.interrupts(), r.toString());
        assertEquals(2 * r.interrupts() + 1, r.exits(), r.toString());
        assertTrue(r.wallNs() > 0 && r.medianNs() > 0, r.toString());
    }
}
