package dev.irqlab.gic;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.IrqEntryContext;

/**
 * Linux's GIC interrupt entry, installed with {@code set_handle_irq}: irq-gic-v3.c
 * {@code gic_handle_irq} → {@code __gic_handle_irq} (irq-gic.c {@code gic_handle_irq} is the same
 * for one interrupt). The acknowledge reads IAR and, in EOImode 1, drops the priority at once
 * ({@code gic_complete_ack}); a special INTID (1020..1023) returns ({@code gic_irqnr_is_special});
 * an INTID without a mapping warns once, "Unexpected interrupt (irqnr %u)", and is deactivated
 * ({@code gic_deactivate_unhandled}) so it does not stay active. One interrupt per entry.
 */
final class GicHandleIrq {

    /** {@code WARN_ONCE}'s flag. */
    private boolean warned;

    void handle(IrqChip chip, InterruptController controller, int cpu, IrqEntryContext kernel) {
        int intid = controller.acknowledge(cpu);
        if (intid == InterruptController.SPURIOUS) {
            kernel.spurious();
            return;
        }
        if (!kernel.handleDomainIrq(intid, cpu)) {
            if (!warned) {
                warned = true;
                kernel.message("genirq.unexpected_irq", "Unexpected interrupt (irqnr " + intid + ")");
            }
            kernel.spurious();
            chip.eoi(intid);
        }
    }
}
