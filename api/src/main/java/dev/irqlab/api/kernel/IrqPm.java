package dev.irqlab.api.kernel;

/**
 * System suspend support of the interrupt core (kernel/irq/pm.c) as the PM core calls it
 * (kernel/power/suspend.c {@code suspend_enter}: {@code suspend_device_irqs}, then
 * {@code pm_wakeup_pending} before going down).
 */
public interface IrqPm {

    /** {@code suspend_device_irqs}: disable non-wake irqs, arm wake irqs. */
    void suspendDeviceIrqs();

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
