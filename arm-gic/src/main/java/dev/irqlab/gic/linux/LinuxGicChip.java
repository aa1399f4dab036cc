package dev.irqlab.gic.linux;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqEntryContext;
import dev.irqlab.api.controller.IrqchipState;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.gic.arch.BitRegister;
import dev.irqlab.gic.arch.DistributorRegisters.Family;
import dev.irqlab.gic.arch.GicAccess;
import dev.irqlab.gic.arch.GicDriver;
import dev.irqlab.gic.arch.GicVersion;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Linux's GIC irqchip driver, one model for the host and the guest: irq-gic-v3.c {@code gic_chip} /
 * {@code gic_eoimode1_chip} and irq-gic.c {@code gic_chip} / {@code gic_chip_mode1}, driving a GIC
 * through {@link GicAccess} (the physical GIC on the host; KVM's emulated distributor, where each
 * distributor access is an MMIO exit, and the untrapped virtual CPU interface in a guest). Which chip
 * depends on the EOI mode: a host booted at EL2 uses EOImode 1 ({@code supports_deactivate_key}), a
 * guest at EL1 EOImode 0.
 *
 * <ul>
 * <li>mask = GICD_ICENABLER, on GICv3 followed by the RWP poll, a GICD_CTLR read
 *     (irq-gic-v3.c {@code gic_mask_irq} → {@code gic_dist_wait_for_rwp}; irq-gic.c
 *     {@code gic_mask_irq} has none); in EOImode 1 a forwarded interrupt is also deactivated with
 *     GICD_ICACTIVER ({@code gic_eoimode1_mask_irq});</li>
 * <li>unmask = GICD_ISENABLER ({@code gic_unmask_irq});</li>
 * <li>eoi: EOImode 0 writes EOIR ({@code gic_eoi_irq}: drop + deactivate); EOImode 1 writes DIR only
 *     ({@code gic_eoimode1_eoi_irq}), the priority was dropped at entry ({@link #acknowledge}), and
 *     skips the DIR for an interrupt forwarded to a vCPU;</li>
 * <li>no irq_ack, no irq_mask_ack, no irq_disable (so genirq's disable is lazy);</li>
 * <li>set_type: SPIs accept only level-high and edge-rising ({@code gic_set_type}), then
 *     irq-gic-common.c {@code gic_configure_irq}: read GICD_ICFGR, and only when the bit changes
 *     write it and read it back;</li>
 * <li>set_affinity: GICv3 {@code gic_set_affinity} peeks GICD_ISENABLER, masks an enabled
 *     interrupt ({@code gic_mask_irq}), writes GICD_IROUTER and unmasks again; GICv2
 *     {@code gic_set_affinity} writes the GICD_ITARGETSR byte only;</li>
 * <li>retrigger = set pending ({@code gic_retrigger});</li>
 * <li>get/set_irqchip_state for PENDING, ACTIVE, MASKED ({@code gic_irq_{get,set}_irqchip_state});</li>
 * <li>the interrupt entry {@code gic_handle_irq}, installed with {@code set_handle_irq}
 *     ({@link #handleArchIrq}).</li>
 * </ul>
 * flags: {@code IRQCHIP_SET_TYPE_MASKED | IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MASK_ON_SUSPEND} (both
 * drivers, both EOI modes).
 */
public final class LinuxGicChip implements GicDriver {

    /** {@code gic_chip.flags}: one read-only set (the interrupt core asks on every flow). */
    private static final Set<ChipFlag> FLAGS = Collections.unmodifiableSet(
            EnumSet.of(ChipFlag.SET_TYPE_MASKED, ChipFlag.SKIP_SET_WAKE, ChipFlag.MASK_ON_SUSPEND));

    private final GicAccess gic;
    private final int eoiMode;
    /**
     * {@code irqd_is_forwarded_to_vcpu} per INTID, a bit each (INTIDs up to 1023, 64 per word); null
     * until one is forwarded (a guest's chip never forwards, {@link #setForwardedToVcpu}).
     */
    private long[] forwarded;
    /** {@code WARN_ONCE}'s flag in {@code __gic_handle_irq}. */
    private boolean warnedUnexpected;

    /** Linux's driver as the {@link GicDriver.Factory} a plugin's Guice module binds. */
    public static final class Factory implements GicDriver.Factory {
        @Override
        public GicDriver create(GicAccess access, int eoiMode) {
            return new LinuxGicChip(access, eoiMode);
        }
    }

    public LinuxGicChip(GicAccess gic, int eoiMode) {
        this.gic = gic;
        this.eoiMode = eoiMode;
    }

    @Override
    public String name() {
        return gic.version().chipName(eoiMode);
    }

    @Override
    public Set<ChipFlag> flags() {
        return FLAGS;
    }

    /**
     * The CPU-interface part of {@code gic_handle_irq}: read GICC_IAR / ICC_IAR1_EL1 and, in
     * EOImode 1, immediately write EOIR to drop the priority (irq-gic.c {@code gic_handle_irq};
     * irq-gic-v3.c {@code gic_complete_ack}); the interrupt stays active until {@code irq_eoi}.
     */
    @Override
    public int acknowledge(int cpu) {
        int intid = gic.iar(cpu);
        if (intid != InterruptController.SPURIOUS && gic.eoiMode(cpu) == 1) {
            gic.eoir(cpu, intid);
        }
        return intid;
    }

    /**
     * irq-gic-v3.c {@code gic_handle_irq} → {@code __gic_handle_irq} (irq-gic.c {@code gic_handle_irq}
     * for one interrupt): acknowledge; a special INTID (1020..1023) returns
     * ({@code gic_irqnr_is_special}); an INTID without a mapping warns once, "Unexpected interrupt
     * (irqnr %u)", and is deactivated ({@code gic_deactivate_unhandled}). One interrupt per entry.
     */
    @Override
    public void handleArchIrq(InterruptController controller, int cpu, IrqEntryContext kernel) {
        int intid = acknowledge(cpu);
        if (intid == InterruptController.SPURIOUS) {
            kernel.spurious();
            return;
        }
        if (!kernel.handleDomainIrq(intid, cpu)) {
            if (!warnedUnexpected) {
                warnedUnexpected = true;
                kernel.message("genirq.unexpected_irq", "Unexpected interrupt (irqnr " + intid + ")");
            }
            kernel.spurious();
            eoi(intid);
        }
    }

    /**
     * The distributor's initialisation at boot (Linux 6.17). GICv3, irq-gic-v3.c {@code gic_dist_init}:
     * GICD_CTLR = 0 and the RWP poll, GICD_IGROUPR = ~0 per 32 SPIs, {@link #distConfig}, GICD_CTLR =
     * ARE_NS | EnableGrp1A | EnableGrp1 and the RWP poll, then one GICD_IROUTER write per SPI naming
     * the boot CPU ({@code gic_write_irouter}, a 64-bit access). GICv2, irq-gic.c {@code gic_dist_init}:
     * GICD_CTLR = 0, {@code gic_get_cpumask} (GICD_ITARGETSR0.. read until a byte is set), one
     * GICD_ITARGETSR write per 4 SPIs with that mask, {@link #distConfig}, GICD_CTLR = 1. Every access
     * is one register access (in a guest, one MMIO exit): 364 on GICv3 and 163 on GICv2 for 256 SPIs.
     */
    @Override
    public void distInit(int bootCpu) {
        int lines = gic.lines();
        if (gic.version() == GicVersion.V3) {
            gic.writeCtlr(0);
            gic.readCtlr(); // gic_dist_wait_for_rwp
            gic.writeRegisters(Family.IGROUPR, 1, upTo(lines, 32), 0xffff_ffffL);
            distConfig(lines);
            gic.writeCtlr(GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1);
            gic.readCtlr(); // gic_dist_wait_for_rwp
            gic.writeRegisters(Family.IROUTER, 32, lines, bootCpu); // gic_write_irouter: IRM 0, the boot CPU
            return;
        }
        gic.writeCtlr(0); // GICD_DISABLE
        long mask = 0;
        for (int i = 0; i < 32 && mask == 0; i += 4) { // gic_get_cpumask
            mask = gic.readRegister(Family.ITARGETSR, i / 4);
            mask |= mask >>> 16;
            mask |= mask >>> 8;
            mask &= 0xff;
        }
        mask |= mask << 8;
        mask |= mask << 16;
        gic.writeRegisters(Family.ITARGETSR, 8, upTo(lines, 4), mask);
        distConfig(lines);
        gic.writeCtlr(1); // GICD_ENABLE
    }

    /**
     * irq-gic-common.c {@code gic_dist_config} (Linux 6.17): GICD_ICFGR = 0 (level) per 16 SPIs,
     * GICD_IPRIORITYR = 0xa0 x 4 per 4 SPIs, then GICD_ICACTIVER and GICD_ICENABLER = ~0 per 32 SPIs;
     * GICD_ICPENDR is not written, so a pending state latched before stays.
     */
    private void distConfig(int lines) {
        gic.writeRegisters(Family.ICFGR, 2, upTo(lines, 16), 0); // GICD_INT_ACTLOW_LVLTRIG
        gic.writeRegisters(Family.IPRIORITYR, 8, upTo(lines, 4), 0xa0a0_a0a0L); // REPEAT_BYTE_U32(GICD_INT_DEF_PRI)
        for (int i = 32; i < lines; i += 32) {
            gic.writeRegister(Family.ICACTIVER, i / 32, 0xffff_ffffL); // GICD_INT_EN_CLR_X32
            gic.writeRegister(Family.ICENABLER, i / 32, 0xffff_ffffL);
        }
    }

    /**
     * The end of the register indices a loop {@code for (i = 32; i < lines; i += perRegister)} writes
     * (register {@code i / perRegister} each time): {@code lines} rounded up to whole registers.
     */
    private static int upTo(int lines, int perRegister) {
        return (lines + perRegister - 1) / perRegister;
    }

    private static final long GICD_CTLR_ENABLE_G1 = 1L;
    private static final long GICD_CTLR_ENABLE_G1A = 1L << 1;
    private static final long GICD_CTLR_ARE_NS = 1L << 4;

    /** irq-gic-v3.c {@code gic_irq_domain_map}: SPIs get {@code handle_fasteoi_irq}. */
    @Override
    public FlowType flowFor(int hwirq, Trigger trigger) {
        return FlowType.FASTEOI;
    }

    /** Both drivers' callback is {@code gic_set_type} (irq-gic.c, irq-gic-v3.c). */
    @Override
    public String setTypeSymbol() {
        return "gic_set_type";
    }

    /**
     * {@code gic_set_type}: SPIs accept IRQ_TYPE_LEVEL_HIGH and IRQ_TYPE_EDGE_RISING only; then
     * irq-gic-common.c {@code gic_configure_irq}: read GICD_ICFGR; if the Int_config bit already has
     * the value, done; else write and read back ({@code -EINVAL} if it did not stick).
     */
    @Override
    public int setType(int hwirq, Trigger trigger) {
        if (!gic.isSpi(hwirq) || (trigger != Trigger.LEVEL_HIGH && trigger != Trigger.EDGE_RISING)) {
            return -Errno.EINVAL;
        }
        boolean edge = trigger == Trigger.EDGE_RISING;
        if (gic.readConfig(hwirq) == edge) {
            return 0;
        }
        gic.writeConfig(hwirq, edge);
        return gic.readConfig(hwirq) == edge ? 0 : -Errno.EINVAL;
    }

    @Override
    public boolean hasSetAffinity() {
        return true;
    }

    /**
     * {@code gic_set_affinity}: the first CPU of the mask (genirq passes online CPUs; {@code force}
     * takes the first as well). GICv3 (irq-gic-v3.c): peek GICD_ISENABLER; if enabled,
     * {@code gic_mask_irq}; GICD_IROUTER write; if it was enabled, {@code gic_unmask_irq}. GICv2
     * (irq-gic.c): one GICD_ITARGETSR byte write. {@code IRQ_SET_MASK_OK_DONE}.
     */
    @Override
    public int setAffinity(int hwirq, CpuMask mask, boolean force) {
        int cpu = mask.firstCpu();
        if (cpu < 0 || !gic.isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        if (gic.version() == GicVersion.V2) {
            gic.writeRoute(hwirq, cpu);
            return IRQ_SET_MASK_OK_DONE;
        }
        boolean enabled = gic.readBit(BitRegister.ISENABLER, hwirq);
        if (enabled) {
            gicMaskIrq(hwirq);
        }
        gic.writeRoute(hwirq, cpu);
        if (enabled) {
            unmask(hwirq);
        }
        return IRQ_SET_MASK_OK_DONE;
    }

    /** {@code gic_mask_irq}: GICD_ICENABLER, and on GICv3 {@code gic_dist_wait_for_rwp} (a GICD_CTLR read). */
    private void gicMaskIrq(int hwirq) {
        gic.writeBit(BitRegister.ICENABLER, hwirq);
        if (gic.version() == GicVersion.V3) {
            gic.readCtlr();
        }
    }

    @Override
    public void mask(int hwirq) {
        gicMaskIrq(hwirq);
        if (eoiMode == 1 && isForwardedToVcpu(hwirq)) {
            // gic_eoimode1_mask_irq: a masked forwarded interrupt must not stay stuck active.
            gic.writeBit(BitRegister.ICACTIVER, hwirq);
        }
    }

    @Override
    public void unmask(int hwirq) {
        gic.writeBit(BitRegister.ISENABLER, hwirq);
    }

    @Override
    public void eoi(int hwirq) {
        int cpu = gic.cpuFor(hwirq);
        if (eoiMode == 0) {
            gic.eoir(cpu, hwirq); // gic_eoi_irq
            return;
        }
        if (isForwardedToVcpu(hwirq)) {
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
        if (!gic.isSpi(hwirq)) {
            return Optional.empty();
        }
        return switch (which) {
            case PENDING -> Optional.of(gic.readBit(BitRegister.ISPENDR, hwirq));
            case ACTIVE -> Optional.of(gic.readBit(BitRegister.ISACTIVER, hwirq));
            case MASKED -> Optional.of(!gic.readBit(BitRegister.ISENABLER, hwirq));
            default -> Optional.empty();
        };
    }

    @Override
    public int setIrqchipState(int hwirq, IrqchipState which, boolean value) {
        if (!gic.isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        switch (which) {
            case PENDING -> gic.writeBit(value ? BitRegister.ISPENDR : BitRegister.ICPENDR, hwirq);
            case ACTIVE -> gic.writeBit(value ? BitRegister.ISACTIVER : BitRegister.ICACTIVER, hwirq);
            case MASKED -> {
                if (value) {
                    gicMaskIrq(hwirq); // gic_irq_set_irqchip_state calls gic_mask_irq, not the chip's irq_mask
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
     * {@code IRQD_FORWARDED_TO_VCPU}. The EOImode 0 chips lack the callback, so kernel/irq/manage.c
     * {@code irq_set_vcpu_affinity} returns {@code -ENOSYS}.
     */
    @Override
    public int setForwardedToVcpu(int hwirq, boolean forward) {
        if (eoiMode != 1) {
            return -Errno.ENOSYS;
        }
        if (!gic.isSpi(hwirq)) {
            return -Errno.EINVAL;
        }
        if (forwarded == null) {
            forwarded = new long[1024 / 64];
        }
        if (forward) {
            forwarded[hwirq >>> 6] |= 1L << hwirq;
        } else {
            forwarded[hwirq >>> 6] &= ~(1L << hwirq);
        }
        return 0;
    }

    public boolean isForwardedToVcpu(int hwirq) {
        long[] f = forwarded;
        return f != null && hwirq >= 0 && hwirq < 1024 && (f[hwirq >>> 6] & (1L << hwirq)) != 0;
    }

    public int eoiMode() {
        return eoiMode;
    }
}
