package dev.irqlab.genirq;

import dev.irqlab.api.controller.ChipFlag;

/**
 * The chip-level helpers of kernel/irq/chip.c: the only place the model calls the controller's
 * {@link dev.irqlab.api.controller.IrqChip} for masking, enabling and disabling. Each method is the
 * kernel function of the same name; the {@code IRQD_IRQ_MASKED} / {@code IRQD_IRQ_DISABLED} bookkeeping
 * is exactly the kernel's, so a mask the chip already has is never written twice.
 */
final class ChipCalls {

    private final IrqResend resend;
    private final IrqAffinity affinity;

    ChipCalls(IrqResend resend, IrqAffinity affinity) {
        this.resend = resend;
        this.affinity = affinity;
    }

    /** kernel/irq/chip.c {@code mask_irq}: nothing when already masked, else {@code irq_mask} + MASKED. */
    void maskIrq(IrqDesc desc, String cause) {
        if (desc.masked()) {
            return;
        }
        desc.chip.mask(desc.hwirq);
        desc.setMasked(true, cause);
    }

    /** kernel/irq/chip.c {@code unmask_irq}: nothing when not masked, else {@code irq_unmask} + clear MASKED. */
    void unmaskIrq(IrqDesc desc, String cause) {
        if (!desc.masked()) {
            return;
        }
        desc.chip.unmask(desc.hwirq);
        desc.setMasked(false, cause);
    }

    /**
     * kernel/irq/chip.c {@code mask_ack_irq}: {@code irq_mask_ack} when the chip has it (MASKED set
     * unconditionally), else {@code mask_irq} then {@code irq_ack} when the chip has one.
     */
    void maskAckIrq(IrqDesc desc, String cause) {
        if (desc.chip.hasMaskAck()) {
            desc.chip.maskAck(desc.hwirq);
            desc.setMasked(true, cause);
        } else {
            maskIrq(desc, cause);
            if (desc.chip.hasAck()) {
                desc.chip.ack(desc.hwirq);
            }
        }
    }

    /**
     * kernel/irq/chip.c {@code unmask_threaded_irq}: with {@code IRQCHIP_EOI_THREADED} the deferred
     * {@code irq_eoi} comes first, then {@code unmask_irq}.
     */
    void unmaskThreadedIrq(IrqDesc desc, String cause) {
        if (desc.chip.flags().contains(ChipFlag.EOI_THREADED)) {
            desc.chip.eoi(desc.hwirq);
        }
        unmaskIrq(desc, cause);
    }

    /**
     * kernel/irq/chip.c {@code irq_enable}: not disabled → {@code unmask_irq}; else clear DISABLED and,
     * as the SPI has no {@code irq_enable} callback, {@code unmask_irq}.
     */
    void irqEnable(IrqDesc desc, String cause) {
        if (desc.disabled()) {
            desc.setDisabled(false, cause);
        }
        unmaskIrq(desc, cause);
    }

    /**
     * kernel/irq/chip.c {@code __irq_disable(desc, mask)}: already disabled → {@code mask_irq} only if
     * {@code mask}; else set DISABLED and either call {@code irq_disable} (chip has it; MASKED set) or
     * {@code mask_irq} only if {@code mask}. Without {@code mask} and without {@code irq_disable} the
     * line stays unmasked in hardware: lazy disable.
     */
    void irqDisable(IrqDesc desc, boolean mask, String cause) {
        if (desc.disabled()) {
            if (mask) {
                maskIrq(desc, cause);
            }
            return;
        }
        desc.setDisabled(true, cause);
        if (desc.chip.hasDisable()) {
            desc.chip.disable(desc.hwirq);
            desc.setMasked(true, cause);
        } else if (mask) {
            maskIrq(desc, cause);
        }
    }

    /** kernel/irq/chip.c {@code irq_disable}: {@code __irq_disable(desc, irq_settings_disable_unlazy(desc))}. */
    void irqDisable(IrqDesc desc, String cause) {
        irqDisable(desc, desc.disableUnlazy, cause);
    }

    /**
     * kernel/irq/chip.c {@code irq_startup} (Linux 6.17): depth = 0; started → {@code irq_enable}; else
     * the normal (unmanaged) startup: {@code irq_setup_affinity} before {@code __irq_startup} on an
     * {@code IRQCHIP_AFFINITY_PRE_STARTUP} chip, after it otherwise; {@code __irq_startup} has no
     * {@code irq_startup} callback in the SPI → {@code irq_enable}, and marks started; then
     * {@code check_irq_resend(desc, false)} when {@code resend}. Managed affinity is not modelled.
     */
    void irqStartup(IrqDesc desc, boolean resendPending, String cause) {
        desc.setDepth(0, cause);
        if (desc.started) {
            irqEnable(desc, cause);
        } else {
            boolean preStartup = desc.chip.flags().contains(ChipFlag.AFFINITY_PRE_STARTUP);
            if (preStartup) {
                affinity.setupAffinity(desc, "irq_startup");
            }
            irqEnable(desc, cause);
            desc.started = true;
            if (!preStartup) {
                affinity.setupAffinity(desc, "irq_startup");
            }
        }
        if (resendPending) {
            resend.checkIrqResend(desc, false);
        }
    }

    /**
     * kernel/irq/chip.c {@code irq_shutdown} (the copy read increments depth rather than setting it to
     * 1): when started, drop a queued software resend, depth++, {@code __irq_disable(desc, true)}
     * (no {@code irq_shutdown} callback in the SPI), clear started.
     */
    void irqShutdown(IrqDesc desc, String cause) {
        if (!desc.started) {
            return;
        }
        resend.clearIrqResend(desc);
        desc.setDepth(desc.depth() + 1, cause);
        irqDisable(desc, true, cause);
        desc.started = false;
    }
}
