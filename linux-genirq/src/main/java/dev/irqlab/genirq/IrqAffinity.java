package dev.irqlab.genirq;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.IrqChip;

/**
 * The affinity part of kernel/irq/manage.c (Linux 6.17): {@code irq_setup_affinity} at startup,
 * {@code irq_do_set_affinity} and {@code irq_set_affinity}. Every CPU of the kernel is online and
 * {@code irq_default_affinity} is all CPUs (no {@code irqaffinity=} option); managed affinity, NUMA
 * nodes, pending moves ({@code CONFIG_GENERIC_PENDING_IRQ}) and the irq thread's own CPU affinity are
 * not modelled. A chip without {@code irq_set_affinity} is never called.
 */
final class IrqAffinity {

    private final CpuMask online;

    IrqAffinity(int cpus) {
        this.online = CpuMask.first(cpus);
    }

    /** {@code cpu_online_mask}, which is also {@code irq_default_affinity} here. */
    CpuMask online() {
        return online;
    }

    /**
     * kernel/irq/manage.c {@code irq_setup_affinity}: nothing without {@code irq_set_affinity}
     * ({@code __irq_can_set_affinity}); a user's affinity ({@code IRQD_AFFINITY_SET}) is kept when it has
     * an online CPU, else the default; restricted to online CPUs (all online when that leaves none);
     * then {@code irq_do_set_affinity(mask, false)}.
     */
    int setupAffinity(IrqDesc desc, String cause) {
        if (!desc.chip.hasSetAffinity()) {
            return 0;
        }
        CpuMask set = online;
        if (desc.affinitySet) {
            if (desc.affinity.intersects(online)) {
                set = desc.affinity;
            } else {
                desc.affinitySet = false;
            }
        }
        CpuMask mask = online.and(set);
        if (mask.isEmpty()) {
            mask = online;
        }
        return doSetAffinity(desc, mask, false, cause);
    }

    /**
     * kernel/irq/manage.c {@code irq_do_set_affinity}: {@code -EINVAL} without the callback; the chip gets
     * the online part of the mask (or the whole mask when forced; {@code -EINVAL} when neither);
     * {@code IRQ_SET_MASK_OK}/{@code _DONE} store the requested mask as the descriptor's affinity;
     * every success returns 0, a chip error is passed back.
     */
    int doSetAffinity(IrqDesc desc, CpuMask mask, boolean force, String cause) {
        IrqChip chip = desc.chip;
        if (!chip.hasSetAffinity()) {
            return -Errno.EINVAL;
        }
        CpuMask onlinePart = mask.and(online);
        int ret;
        if (!force && !onlinePart.isEmpty()) {
            ret = chip.setAffinity(desc.hwirq, onlinePart, false);
        } else if (force) {
            ret = chip.setAffinity(desc.hwirq, mask, true);
        } else {
            ret = -Errno.EINVAL;
        }
        switch (ret) {
            case IrqChip.IRQ_SET_MASK_OK, IrqChip.IRQ_SET_MASK_OK_DONE -> {
                desc.setAffinity(mask, cause);
                return 0;
            }
            case IrqChip.IRQ_SET_MASK_OK_NOCOPY -> {
                return 0;
            }
            default -> {
                return ret;
            }
        }
    }

    /**
     * kernel/irq/manage.c {@code irq_set_affinity} → {@code irq_set_affinity_locked}: {@code -EINVAL}
     * without the callback; else {@code irq_try_set_affinity} and {@code IRQD_AFFINITY_SET}, whatever the
     * result (as the kernel sets it after trying).
     */
    int setAffinity(IrqDesc desc, CpuMask mask) {
        if (!desc.chip.hasSetAffinity()) {
            return -Errno.EINVAL;
        }
        int ret = doSetAffinity(desc, mask, false, "irq_set_affinity");
        desc.affinitySet = true;
        return ret;
    }
}
