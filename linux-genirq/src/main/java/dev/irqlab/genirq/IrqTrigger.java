package dev.irqlab.genirq;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.irq.Trigger;
import java.util.Optional;

/** kernel/irq/manage.c {@code __irq_set_trigger} (Linux 6.17). */
final class IrqTrigger {

    private final ChipCalls chip;
    private final KernelTrace trace;

    IrqTrigger(ChipCalls chip, KernelTrace trace) {
        this.chip = chip;
        this.trace = trace;
    }

    /**
     * kernel/irq/manage.c {@code __irq_set_trigger(desc, flags)}: a chip without {@code irq_set_type}
     * → 0, nothing done; with {@code IRQCHIP_SET_TYPE_MASKED} the line is masked around the call (and
     * unmasked after it unless disabled); success stores the type and the level setting; a refusal
     * prints "Setting trigger mode %lu for irq %u failed (%pS)" — {@code %pS} is the chip's callback,
     * {@link dev.irqlab.api.controller.IrqChip#setTypeSymbol} ({@code gic_set_type}), without the
     * {@code +0x0/0x...} offset and size a built kernel adds — and returns the chip's error. {@code typeBits}
     * that no {@link Trigger} has (e.g. high|low) reach no chip model: they are refused as the
     * irqchip drivers refuse them, with {@code -EINVAL}.
     */
    int setTrigger(IrqDesc desc, int typeBits) {
        if (!desc.chip.hasSetType()) {
            return 0;
        }
        boolean unmask = false;
        if (desc.chip.flags().contains(ChipFlag.SET_TYPE_MASKED)) {
            if (!desc.masked()) {
                chip.maskIrq(desc, "__irq_set_trigger");
            }
            if (!desc.disabled()) {
                unmask = true;
            }
        }
        Optional<Trigger> type = Trigger.fromDtValue(typeBits);
        int ret = type.isPresent() ? desc.chip.setType(desc.hwirq, type.get()) : -Errno.EINVAL;
        if (ret >= 0) {
            desc.trigger = type.orElseThrow();
            desc.level = desc.trigger.isLevel();
            ret = 0;
        } else {
            trace.message("genirq.set_type_failed", "Setting trigger mode " + typeBits + " for irq " + desc.irq
                    + " failed (" + desc.chip.setTypeSymbol() + ")");
        }
        if (unmask) {
            chip.unmaskIrq(desc, "__irq_set_trigger");
        }
        return ret;
    }
}
