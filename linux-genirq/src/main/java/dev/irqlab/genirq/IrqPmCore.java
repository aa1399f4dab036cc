package dev.irqlab.genirq;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.kernel.IrqPm;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * kernel/irq/pm.c: system suspend of device interrupts and the wakeup check in the flow handlers,
 * with the PM core's {@code pm_system_irq_wakeup}/{@code pm_wakeup_pending} (drivers/base/power/wakeup.c).
 *
 * <p>Not modelled: {@code IRQF_FORCE_RESUME}, {@code IRQF_COND_SUSPEND}, {@code IRQF_EARLY_RESUME}
 * (no such request flags in the SPI) and {@code IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND} (no such chip flag).
 */
final class IrqPmCore implements IrqPm {

    private final Supplier<Collection<IrqDesc>> descriptors;
    private final DisableDepth depth;
    private final ChipCalls chip;
    private final SynchronizeIrq sync;
    private final KernelTrace trace;
    private boolean wakeupPending;
    private int wakeupIrq = -1;

    private final boolean pmDebugMessages;

    IrqPmCore(Supplier<Collection<IrqDesc>> descriptors, DisableDepth depth, ChipCalls chip, SynchronizeIrq sync,
              KernelTrace trace, boolean pmDebugMessages) {
        this.pmDebugMessages = pmDebugMessages;
        this.descriptors = descriptors;
        this.depth = depth;
        this.chip = chip;
        this.sync = sync;
        this.trace = trace;
    }

    /** {@link #suspendDeviceIrqs(Runnable)} without waiting for the threads. */
    @Override
    public void suspendDeviceIrqs() {
        suspendDeviceIrqs(() -> { });
    }

    /**
     * kernel/irq/pm.c {@code suspend_device_irqs}, per descriptor {@code suspend_device_irq}: skip unused
     * and {@code IRQF_NO_SUSPEND} lines; arm wake irqs ({@code IRQD_WAKEUP_ARMED}); otherwise
     * {@code IRQS_SUSPENDED}, {@code __disable_irq}, and {@code mask_irq} on {@code IRQCHIP_MASK_ON_SUSPEND}
     * chips; every irq armed or disabled is then {@code synchronize_irq}ed, one after the other, and
     * {@code then} runs when the last wait is over. The PM core's {@code pm_wakeup_clear} before it is
     * folded in: the wakeup record is reset.
     */
    @Override
    public void suspendDeviceIrqs(Runnable then) {
        wakeupPending = false;
        wakeupIrq = -1;
        Deque<IrqDesc> toSync = new ArrayDeque<>();
        for (IrqDesc desc : descriptors.get()) {
            if (!desc.hasAction() || desc.noSuspendDepth > 0) {
                continue;
            }
            toSync.add(desc);
            if (desc.wakeupSet) {
                desc.wakeupArmed = true;
                continue;
            }
            desc.suspended = true;
            depth.disable(desc, "suspend_device_irqs");
            if (desc.chip.flags().contains(ChipFlag.MASK_ON_SUSPEND)) {
                chip.maskIrq(desc, "suspend_device_irqs");
            }
        }
        synchronizeEach(toSync, then);
    }

    private void synchronizeEach(Deque<IrqDesc> left, Runnable then) {
        IrqDesc next = left.pollFirst();
        if (next == null) {
            then.run();
        } else {
            sync.synchronizeIrq(next, "suspend_device_irqs", () -> synchronizeEach(left, then));
        }
    }

    /**
     * kernel/irq/pm.c {@code resume_device_irqs} → {@code resume_irq}: disarm; a suspended irq has
     * {@code IRQS_SUSPENDED} cleared and gets {@code __enable_irq} (which resends a pending edge).
     */
    @Override
    public void resumeDeviceIrqs() {
        for (IrqDesc desc : descriptors.get()) {
            desc.wakeupArmed = false;
            if (!desc.suspended) {
                continue;
            }
            desc.suspended = false;
            depth.enable(desc, "resume_device_irqs");
        }
    }

    /**
     * kernel/irq/pm.c {@code irq_pm_handle_wakeup} (called from {@code irq_can_handle_pm}, the
     * {@code irq_pm_check_wakeup} of older kernels): disarm, {@code IRQS_SUSPENDED | IRQS_PENDING},
     * depth++, {@code irq_disable}, {@code pm_system_irq_wakeup(irq)}.
     */
    void handleWakeup(IrqDesc desc) {
        desc.wakeupArmed = false;
        desc.suspended = true;
        desc.setPending(true, "irq_pm_handle_wakeup");
        desc.setDepth(desc.depth() + 1, "irq_pm_handle_wakeup");
        chip.irqDisable(desc, "irq_pm_handle_wakeup");
        pmSystemIrqWakeup(desc.irq);
    }

    /**
     * drivers/base/power/wakeup.c {@code pm_system_irq_wakeup}: record the first irq, abort the suspend;
     * {@code pm_pr_dbg("Triggering wakeup from IRQ %d\n")}, printed (kernel/power/main.c
     * {@code __pm_pr_dbg}: "PM: " and the text) only with {@code pm_debug_messages}.
     */
    private void pmSystemIrqWakeup(int irq) {
        if (wakeupIrq < 0) {
            wakeupIrq = irq;
        }
        if (pmDebugMessages) {
            trace.message("pm.irq_wakeup", "PM: Triggering wakeup from IRQ " + irq);
        }
        wakeupPending = true;
    }

    @Override
    public boolean wakeupPending() {
        return wakeupPending;
    }

    @Override
    public int wakeupIrq() {
        return wakeupIrq;
    }
}
