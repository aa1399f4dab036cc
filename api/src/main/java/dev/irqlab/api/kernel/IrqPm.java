package dev.irqlab.api.kernel;

/**
 * System suspend support of the interrupt core (kernel/irq/pm.c) as the PM core calls it
 * (kernel/power/suspend.c {@code suspend_enter}: {@code suspend_device_irqs}, then
 * {@code pm_wakeup_pending} before going down).
 */
public interface IrqPm {

    /** {@code suspend_device_irqs}: disable non-wake irqs, arm wake irqs (without waiting). */
    void suspendDeviceIrqs();

    /**
     * {@code suspend_device_irqs} with its {@code synchronize_irq} of every irq it disabled or armed:
     * {@code then} runs when it returns. The default does not wait.
     */
    default void suspendDeviceIrqs(Runnable then) {
        suspendDeviceIrqs();
        then.run();
    }

    /** {@code resume_device_irqs}. */
    void resumeDeviceIrqs();

    /**
     * {@code pm_wakeup_pending}: true once an armed wake irq fired since {@link #suspendDeviceIrqs}
     * ({@code irq_pm_check_wakeup} -> {@code pm_system_irq_wakeup}).
     */
    boolean wakeupPending();

    /** The irq that aborted the suspend, or -1. */
    int wakeupIrq();
}
