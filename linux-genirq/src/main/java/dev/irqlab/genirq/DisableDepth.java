package dev.irqlab.genirq;

/**
 * The disable nesting of kernel/irq/manage.c: {@code __disable_irq} and {@code __enable_irq}, shared by
 * {@code disable_irq}/{@code enable_irq}, the PM code (kernel/irq/pm.c) and {@code __setup_irq}.
 */
final class DisableDepth {

    private final ChipCalls chip;
    private final KernelTrace trace;

    DisableDepth(ChipCalls chip, KernelTrace trace) {
        this.chip = chip;
        this.trace = trace;
    }

    /** kernel/irq/manage.c {@code __disable_irq}: {@code if (!desc->depth++) irq_disable(desc);}. */
    void disable(IrqDesc desc, String cause) {
        int old = desc.depth();
        desc.setDepth(old + 1, cause);
        if (old == 0) {
            chip.irqDisable(desc, cause);
        }
    }

    /**
     * kernel/irq/manage.c {@code __enable_irq}: depth 0 → {@code WARN "Unbalanced enable for IRQ %d"} and
     * nothing changes; depth 1 → (IRQS_SUSPENDED: the same warning) {@code irq_startup(desc, IRQ_RESEND,
     * IRQ_START_FORCE)}, which unmasks and runs {@code check_irq_resend}; deeper → depth--.
     */
    void enable(IrqDesc desc, String cause) {
        switch (desc.depth()) {
            case 0 -> warnUnbalanced(desc);
            case 1 -> {
                if (desc.suspended) {
                    warnUnbalanced(desc);
                } else {
                    chip.irqStartup(desc, true, cause);
                }
            }
            default -> desc.setDepth(desc.depth() - 1, cause);
        }
    }

    private void warnUnbalanced(IrqDesc desc) {
        trace.message("genirq.unbalanced_enable", "Unbalanced enable for IRQ " + desc.irq);
    }
}
