package dev.irqlab.gic;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.IrqEntryContext;
import dev.irqlab.api.controller.IrqchipState;
import dev.irqlab.api.irq.Trigger;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Linux's irqchip for a physical GIC: irq-gic-v3.c {@code gic_chip} / {@code gic_eoimode1_chip} and
 * irq-gic.c {@code gic_chip} / {@code gic_chip_mode1}. Which one depends on the EOI mode: a host
 * booted at EL2 uses EOImode 1 ({@code supports_deactivate_key}).
 *
 * <ul>
 * <li>mask = GICD_ICENABLER ({@code gic_mask_irq}); in EOImode 1 a forwarded interrupt is also
 *     deactivated with GICD_ICACTIVER ({@code gic_eoimode1_mask_irq});</li>
 * <li>unmask = GICD_ISENABLER ({@code gic_unmask_irq});</li>
 * <li>eoi: EOImode 0 writes EOIR ({@code gic_eoi_irq}: drop + deactivate); EOImode 1 writes DIR only
 *     ({@code gic_eoimode1_eoi_irq}), the priority was dropped at entry (see
 *     {@link PhysicalGic#acknowledge}), and skips the DIR for an interrupt forwarded to a vCPU;</li>
 * <li>no irq_ack, no irq_mask_ack, no irq_disable (so genirq's disable is lazy);</li>
 * <li>set_type: SPIs accept only level-high and edge-rising ({@code gic_set_type});</li>
 * <li>retrigger = set pending ({@code gic_retrigger});</li>
 * <li>get/set_irqchip_state for PENDING, ACTIVE, MASKED ({@code gic_irq_{get,set}_irqchip_state}).</li>
 * </ul>
 * flags: {@code IRQCHIP_SET_TYPE_MASKED | IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MASK_ON_SUSPEND};
 * {@link ChipFlag} has no SET_TYPE_MASKED, so only the other two are reported.
 */
public final class PhysicalGicChip implements IrqChip {

    private final RegisterNames registerNames = new RegisterNames();
    private final GicHandleIrq entry = new GicHandleIrq();

    private final PhysicalGic gic;
    private final int eoiMode;
    /** {@code irqd_is_forwarded_to_vcpu} per INTID. */
    private final Set<Integer> forwarded = new HashSet<>();

    PhysicalGicChip(PhysicalGic gic, int eoiMode) {
        this.gic = gic;
        this.eoiMode = eoiMode;
    }

    private Distributor dist() {
        return gic.distributor();
    }

    private String reg(String prefix, int intid) {
        return registerNames.bitRegister(prefix, intid);
    }

    @Override
    public String name() {
        return gic.version().chipName(eoiMode);
    }

    @Override
    public void handleArchIrq(InterruptController controller, int cpu, IrqEntryContext kernel) {
        entry.handle(this, controller, cpu, kernel);
    }

    @Override
    public Set<ChipFlag> flags() {
        return EnumSet.of(ChipFlag.SKIP_SET_WAKE, ChipFlag.MASK_ON_SUSPEND);
    }

    /** irq-gic-v3.c {@code gic_irq_domain_map}: SPIs get {@code handle_fasteoi_irq}. */
    @Override
    public FlowType flowFor(int hwirq, Trigger trigger) {
        return FlowType.FASTEOI;
    }

    /** {@code gic_set_type}: SPIs accept IRQ_TYPE_LEVEL_HIGH and IRQ_TYPE_EDGE_RISING only. */
    @Override
    public int setType(int hwirq, Trigger trigger) {
        if (!dist().isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        if (trigger != Trigger.LEVEL_HIGH && trigger != Trigger.EDGE_RISING) {
            return -Errno.EINVAL;
        }
        dist().writeConfig(hwirq, trigger == Trigger.EDGE_RISING, "GICD_ICFGR" + (hwirq / 16));
        return 0;
    }

    @Override
    public void mask(int hwirq) {
        dist().writeEnable(hwirq, false, reg("GICD_ICENABLER", hwirq));
        if (eoiMode == 1 && forwarded.contains(hwirq)) {
            // gic_eoimode1_mask_irq: a masked forwarded interrupt must not stay stuck active.
            dist().writeActive(hwirq, false, reg("GICD_ICACTIVER", hwirq));
        }
    }

    @Override
    public void unmask(int hwirq) {
        dist().writeEnable(hwirq, true, reg("GICD_ISENABLER", hwirq));
    }

    @Override
    public void eoi(int hwirq) {
        int cpu = dist().isSpi(hwirq) ? Math.max(0, dist().spi(hwirq).activeCpu) : 0;
        if (eoiMode == 0) {
            gic.eoir(cpu, hwirq); // gic_eoi_irq
            return;
        }
        if (forwarded.contains(hwirq)) {
            return; // gic_eoimode1_eoi_irq: the guest deactivates it through the HW bit of its LR
        }
        gic.dir(cpu, hwirq); // gic_eoimode1_eoi_irq -> gic_write_dir
    }

    /** {@code gic_retrigger}: {@code irq_set_irqchip_state(PENDING, true)} = GICD_ISPENDR. */
    @Override
    public boolean retrigger(int hwirq) {
        return setIrqchipState(hwirq, IrqchipState.PENDING, true) == 0;
    }

    @Override
    public Optional<Boolean> getIrqchipState(int hwirq, IrqchipState which) {
        if (!dist().isSpi(hwirq)) {
            return Optional.empty();
        }
        return switch (which) {
            case PENDING -> Optional.of(dist().pendingForRead(hwirq));
            case ACTIVE -> Optional.of(dist().active(hwirq));
            case MASKED -> Optional.of(!dist().enabled(hwirq));
            default -> Optional.empty();
        };
    }

    @Override
    public int setIrqchipState(int hwirq, IrqchipState which, boolean value) {
        if (!dist().isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        switch (which) {
            case PENDING -> dist().writePending(hwirq, value, reg(value ? "GICD_ISPENDR" : "GICD_ICPENDR", hwirq));
            case ACTIVE -> dist().writeActive(hwirq, value, reg(value ? "GICD_ISACTIVER" : "GICD_ICACTIVER", hwirq));
            case MASKED -> {
                if (value) {
                    mask(hwirq);
                } else {
                    unmask(hwirq);
                }
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    /**
     * {@code gic_irq_set_vcpu_affinity}: only the EOImode 1 chips have it; it sets or clears
     * {@code IRQD_FORWARDED_TO_VCPU}. The EOImode 0 chips lack the callback (-EINVAL here).
     */
    @Override
    public int setForwardedToVcpu(int hwirq, boolean forward) {
        if (eoiMode != 1 || !dist().isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        if (forward) {
            forwarded.add(hwirq);
        } else {
            forwarded.remove(hwirq);
        }
        return 0;
    }

    public boolean isForwardedToVcpu(int hwirq) {
        return forwarded.contains(hwirq);
    }

    public int eoiMode() {
        return eoiMode;
    }
}
