package dev.irqlab.kvmlive.oracle;

import dev.irqlab.kvmlive.RequiresKvm;
import dev.irqlab.kvmlive.sys.KvmDevice;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The model's KVM IO-APIC against this machine's KVM on random sequences (skipped without /dev/kvm).
 * Each try is a seed; {@link OpGenerator} turns it into a sequence and {@link Differential#shrink}
 * reduces a disagreement to a minimal sequence for the failure message (jqwik's own shrinking of a
 * seed means nothing, so it is off). Tries: {@code jqwik.tries.default} in junit-platform.properties
 * (200); the long run is {@code -Djqwik.tries.default=10000} or {@link OracleRun}.
 */
@AddLifecycleHook(RequiresKvm.Hook.class)
class KvmIrqchipOracleProperties {

    private static KvmDevice kvm;
    private static Differential diff;

    @BeforeContainer
    static void open() {
        if (KvmDevice.unavailableReason().isEmpty()) {
            kvm = KvmDevice.open();
            diff = OracleRun.differential(kvm, 2);
        }
    }

    @AfterContainer
    static void close() {
        if (kvm != null) {
            kvm.close();
        }
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void modelAgreesWithKvm(@ForAll long seed) {
        List<Op> ops = OpGenerator.full().sequence(new Random(seed));
        Optional<Divergence> d = diff.firstDivergence(ops);
        if (d.isPresent()) {
            throw new AssertionError("seed " + seed + ": " + diff.shrink(d.get()).describe());
        }
    }
}
