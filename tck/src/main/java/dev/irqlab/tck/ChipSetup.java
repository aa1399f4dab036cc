package dev.irqlab.tck;

import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.irq.Trigger;

/**
 * The chip calls a Linux kernel makes for an interrupt before it first unmasks it, for contract
 * tests that drive an {@link IrqChip} without a kernel model: {@code irq_set_type} (mapping),
 * {@code irq_activate} ({@code __setup_irq}) and, when the chip has it, {@code irq_set_affinity}
 * ({@code irq_startup} → {@code irq_setup_affinity}).
 */
public final class ChipSetup {

    private ChipSetup() {
    }

    /** Returns the first non-zero answer, or 0. */
    public static int configure(IrqChip chip, int hwirq, Trigger trigger) {
        int ret = chip.setType(hwirq, trigger);
        if (ret != 0) {
            return ret;
        }
        ret = chip.activate(hwirq);
        if (ret != 0) {
            return ret;
        }
        return chip.hasSetAffinity() ? Math.min(0, chip.setAffinity(hwirq, CpuMask.of(0), false)) : 0;
    }
}
