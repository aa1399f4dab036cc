package dev.irqlab.api.kernel;

/**
 * A guest's system suspend sequence (kernel/power/suspend.c). Protocol: {@link #suspend} is
 * called at the scenario's chosen time; the outcome is reported as trace events
 * ({@code KernelMessage} "pm.suspend_ok" or "pm.wakeup_abort" with the kernel's text).
 */
public interface SystemSleep {

    /** Start a suspend attempt that, if it succeeds, stays suspended for {@code durationNs} then resumes. */
    void suspend(long durationNs);
}
