package dev.irqlab.kvmlive;

import dev.irqlab.kvmlive.sys.KvmDevice;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips a test, with the reason, where this machine cannot run the live KVM backend. */
public final class RequiresKvm {

    private static final Optional<String> WHY = KvmDevice.unavailableReason();

    private RequiresKvm() {
    }

    /**
     * JUnit: {@code @ExtendWith(RequiresKvm.Condition.class)} skips a test class with the reason, before
     * its {@code @BeforeAll} opens the device, and the build reports its tests as skipped with that
     * reason (an assumption in {@code @BeforeAll} aborted the class, reported as no tests at all).
     */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return skipWhen(WHY);
        }
    }

    /** Disabled with {@code why} as the reason when there is one, else enabled. */
    public static ConditionEvaluationResult skipWhen(Optional<String> why) {
        return why.map(w -> ConditionEvaluationResult.disabled("skipped: " + w))
                .orElseGet(() -> ConditionEvaluationResult.enabled("this machine can run it"));
    }

    /** jqwik: {@code @AddLifecycleHook(RequiresKvm.Hook.class)} skips a property container with the reason. */
    public static final class Hook implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return WHY.map(w -> SkipResult.skip("skipped: " + w)).orElse(SkipResult.doNotSkip());
        }
    }
}
