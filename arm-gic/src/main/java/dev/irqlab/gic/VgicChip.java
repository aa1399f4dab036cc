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
import java.util.Optional;
import java.util.Set;

/**
 * The guest Linux irqchip driving the vGIC: the same GIC driver as on the host
 * (irq-gic-v3.c {@code gic_chip}, irq-gic.c {@code gic_chip}), but a guest at EL1 uses EOImode 0, so
 * {@code irq_eoi} is a single EOIR write. Distributor accesses (mask = GICD_ICENABLER,
 * unmask = GICD_ISENABLER, set_type = GICD_ICFGR, irqchip state = ISPENDR/ICPENDR/ISACTIVER/ICACTIVER)
 * are MMIO exits; EOIR and DIR go to the list registers without an exit.
 */
final class VgicChip implements IrqChip {

    private final RegisterNames registerNames = new RegisterNames();
    private final GicHandleIrq entry = new GicHandleIrq();

    private final Vgic vgic;
    private final VgicDistributor dist;
    private final int eoiMode;

    VgicChip(Vgic vgic, VgicDistributor dist, int eoiMode) {
        this.vgic = vgic;
        this.dist = dist;
        this.eoiMode = eoiMode;
    }

    private String reg(String prefix, int intid) {
        return registerNames.bitRegister(prefix, intid);
    }

    private int vcpu() {
        return vgic.currentVcpu();
    }

    @Override
    public String name() {
        return vgic.version().chipName(eoiMode);
    }

    @Override
    public void handleArchIrq(InterruptController controller, int cpu, IrqEntryContext kernel) {
        entry.handle(this, controller, cpu, kernel);
    }

    @Override
    public Set<ChipFlag> flags() {
        return EnumSet.of(ChipFlag.SKIP_SET_WAKE, ChipFlag.MASK_ON_SUSPEND);
    }

    @Override
    public FlowType flowFor(int hwirq, Trigger trigger) {
        return FlowType.FASTEOI;
    }

    @Override
    public int setType(int hwirq, Trigger trigger) {
        if (!vgic.isSpi(hwirq) || (trigger != Trigger.LEVEL_HIGH && trigger != Trigger.EDGE_RISING)) {
            return -Errno.EINVAL;
        }
        String r = "GICD_ICFGR" + (hwirq / 16);
        vgic.trap(r, vcpu(), () -> dist.writeConfig(hwirq, trigger == Trigger.EDGE_RISING, r));
        return 0;
    }

    @Override
    public void mask(int hwirq) {
        String r = reg("GICD_ICENABLER", hwirq);
        vgic.trap(r, vcpu(), () -> dist.writeEnable(hwirq, false, r));
    }

    @Override
    public void unmask(int hwirq) {
        String r = reg("GICD_ISENABLER", hwirq);
        vgic.trap(r, vcpu(), () -> dist.writeEnable(hwirq, true, r));
    }

    /** {@code gic_eoi_irq} (EOImode 0: EOIR) or {@code gic_eoimode1_eoi_irq} (EOImode 1: DIR). */
    @Override
    public void eoi(int hwirq) {
        int v = vgic.vcpuHolding(hwirq);
        if (eoiMode == 0) {
            vgic.eoir(v, hwirq);
        } else {
            vgic.dir(v, hwirq);
        }
    }

    @Override
    public boolean retrigger(int hwirq) {
        return setIrqchipState(hwirq, IrqchipState.PENDING, true) == 0;
    }

    @Override
    public Optional<Boolean> getIrqchipState(int hwirq, IrqchipState which) {
        if (!vgic.isSpi(hwirq)) {
            return Optional.empty();
        }
        String prefix = switch (which) {
            case PENDING -> "GICD_ISPENDR";
            case ACTIVE -> "GICD_ISACTIVER";
            case MASKED -> "GICD_ISENABLER";
            default -> null;
        };
        if (prefix == null) {
            return Optional.empty();
        }
        boolean[] v = new boolean[1];
        vgic.trap(reg(prefix, hwirq) + " read", vcpu(), () -> v[0] = switch (which) {
            case PENDING -> dist.pendingForRead(hwirq);
            case ACTIVE -> dist.active(hwirq);
            default -> !dist.enabled(hwirq);
        });
        return Optional.of(v[0]);
    }

    @Override
    public int setIrqchipState(int hwirq, IrqchipState which, boolean value) {
        if (!vgic.isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        switch (which) {
            case PENDING -> {
                String r = reg(value ? "GICD_ISPENDR" : "GICD_ICPENDR", hwirq);
                vgic.trap(r, vcpu(), () -> dist.writePending(hwirq, value, r));
            }
            case ACTIVE -> {
                String r = reg(value ? "GICD_ISACTIVER" : "GICD_ICACTIVER", hwirq);
                vgic.trap(r, vcpu(), () -> dist.writeActive(hwirq, value, r));
            }
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
}
