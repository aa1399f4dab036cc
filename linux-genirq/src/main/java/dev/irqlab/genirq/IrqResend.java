package dev.irqlab.genirq;

import dev.irqlab.api.Errno;
import dev.irqlab.api.kernel.CpuExecutor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * kernel/irq/resend.c: {@code check_irq_resend} and the software resend tasklet
 * ({@code CONFIG_HARDIRQS_SW_RESEND}, set on arm64 and x86).
 *
 * <p>Level interrupts are never resent: the hardware re-raises them while the line is still asserted.
 * An edge interrupt that was marked {@code IRQS_PENDING} while disabled is replayed with the chip's
 * {@code irq_retrigger} (GIC: set the pending bit) or, when the chip cannot, by queuing the descriptor
 * on {@code irq_resend_list} and scheduling {@code resend_tasklet}, which calls the flow handler directly
 * ({@code desc->handle_irq(desc)}) without a CPU acknowledge, as {@code resend_irqs} does.
 */
final class IrqResend {

    private final CpuExecutor executor;
    private final long softirqLatencyNs;
    private final Consumer<IrqDesc> flowHandler;
    private final Deque<IrqDesc> resendList = new ArrayDeque<>();
    private boolean taskletScheduled;

    /**
     * @param flowHandler runs {@code desc->handle_irq(desc)} on the current CPU
     */
    IrqResend(CpuExecutor executor, long softirqLatencyNs, Consumer<IrqDesc> flowHandler) {
        this.executor = executor;
        this.softirqLatencyNs = softirqLatencyNs;
        this.flowHandler = flowHandler;
    }

    /**
     * kernel/irq/resend.c {@code check_irq_resend(desc, inject)}: level → clear PENDING, {@code -EINVAL};
     * REPLAY → {@code -EBUSY}; nothing pending and no inject → 0; else clear PENDING, try
     * {@code irq_retrigger}, else software resend; on success set {@code IRQS_REPLAY}.
     */
    int checkIrqResend(IrqDesc desc, boolean inject) {
        if (desc.level) {
            desc.setPending(false, "check_irq_resend");
            return -Errno.EINVAL;
        }
        if (desc.replay) {
            return -Errno.EBUSY;
        }
        if (!desc.pending() && !inject) {
            return 0;
        }
        desc.setPending(false, "check_irq_resend");
        int err = 0;
        if (!desc.chip.retrigger(desc.hwirq)) {
            err = irqSwResend(desc);
        }
        if (err == 0) {
            desc.replay = true;
        }
        return err;
    }

    /** kernel/irq/resend.c {@code irq_sw_resend}: add to the resend list once, {@code tasklet_schedule}. */
    private int irqSwResend(IrqDesc desc) {
        if (!resendList.contains(desc)) {
            resendList.addFirst(desc);
        }
        if (!taskletScheduled) {
            taskletScheduled = true;
            int cpu = Math.max(executor.currentCpu(), 0);
            executor.run(cpu, softirqLatencyNs, "resend_tasklet", this::resendIrqs);
        }
        return 0;
    }

    /** kernel/irq/resend.c {@code clear_irq_resend}. */
    void clearIrqResend(IrqDesc desc) {
        resendList.remove(desc);
    }

    /** kernel/irq/resend.c {@code resend_irqs}: run each queued descriptor's flow handler. */
    private void resendIrqs() {
        taskletScheduled = false;
        while (!resendList.isEmpty()) {
            IrqDesc desc = resendList.pollFirst();
            flowHandler.accept(desc);
        }
    }

    boolean queued(IrqDesc desc) {
        return resendList.contains(desc);
    }
}
