package dev.irqlab.kvmlive;

import dev.irqlab.kvmlive.sys.KvmDevice;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Assumptions;

/** Skips a test, with the reason, where this machine cannot run the live KVM backend. */
public final class RequiresKvm {

    private static final Optional<String> WHY = KvmDevice.unavailableReason();

    private RequiresKvm() {
    }

    /** JUnit: aborts the test (reported as skipped) with the reason. */
    public static void assumeKvm() {
        Assumptions.assumeTrue(WHY.isEmpty(), () -> "skipped: " + WHY.orElse(""));
    }

    /** jqwik: {@code @AddLifecycleHook(RequiresKvm.Hook.class)} skips a property container with the reason. */
    public static final class Hook implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return WHY.map(w -> SkipResult.skip("skipped: " + w)).orElse(SkipResult.doNotSkip());
        }
    }
}
