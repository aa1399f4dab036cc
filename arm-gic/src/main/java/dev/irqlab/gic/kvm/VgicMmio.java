package dev.irqlab.gic.kvm;

import dev.irqlab.gic.arch.DistributorRegisters;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.arch.RegisterNames;
import dev.irqlab.gic.arch.SpiRegisterTarget;

/**
 * KVM's emulation of the distributor registers for SPIs (arch/arm64/kvm/vgic/vgic-mmio.c,
 * vgic-mmio-v2.c, vgic-mmio-v3.c). Called inside {@link Vgic#trap}, which reports the MMIO exit.
 */
final class VgicMmio implements SpiRegisterTarget {

    private static final long V2_ENABLE = 1;
    private static final long V3_ENABLE_G1A = 1L << 1;
    private static final long V3_ARE_NS = 1L << 4;
    private static final long V3_DS = 1L << 6;

    private final RegisterNames registerNames = new RegisterNames();

    private final Vgic vgic;

    VgicMmio(Vgic vgic) {
        this.vgic = vgic;
    }

    /**
     * The cause of a change {@code register}'s write makes, "GICD_ISENABLER1 write"; built only for a
     * trace that reads state changes (a guest's boot writes every SPI's registers).
     */
    private String writeCause(String register) {
        return vgic.trace().detail() ? registerNames.writeCause(register) : null;
    }

    @Override
    public int lastIntid() {
        return vgic.lastIntid();
    }

    @Override
    public boolean distributorEnabled() {
        return vgic.distributorEnabled;
    }

    /**
     * vgic-mmio-v3.c {@code vgic_mmio_read_v3_misc} (GICD_CTLR): EnableGrp1A (bit 1) when enabled, ARE_NS
     * (bit 4) and DS (bit 6) always; vgic-mmio-v2.c {@code vgic_mmio_read_v2_misc}: Enable (bit 0).
     */
    @Override
    public long ctlrForRead() {
        if (vgic.version() == GicVersion.V2) {
            return vgic.distributorEnabled ? V2_ENABLE : 0;
        }
        return (vgic.distributorEnabled ? V3_ENABLE_G1A : 0) | V3_ARE_NS | V3_DS;
    }

    /**
     * vgic-mmio-v3.c {@code vgic_mmio_write_v3_misc} / vgic-mmio-v2.c {@code vgic_mmio_write_v2_misc}:
     * {@code dist->enabled} = EnableGrp1A (v3) / Enable (v2); turning it on only kicks
     * ({@code vgic_kick_vcpus}: every vCPU for which {@code kvm_vgic_vcpu_pending_irq} holds). Nothing
     * is re-queued: an SPI made pending while the distributor was off was never queued
     * ({@code vgic_target_oracle} answers NULL) and waits until something queues it again.
     */
    @Override
    public void writeCtlr(long value) {
        boolean was = vgic.distributorEnabled;
        vgic.distributorEnabled = (value & (vgic.version() == GicVersion.V2 ? V2_ENABLE : V3_ENABLE_G1A)) != 0;
        if (vgic.distributorEnabled != was) {
            vgic.distributorSwitched();
        }
        if (vgic.distributorEnabled && !was) {
            vgic.kickVcpus();
        }
    }

    @Override
    public boolean enabled(int intid) {
        return vgic.irq(intid).enabled;
    }

    @Override
    public void writeEnable(int intid, boolean set, String register) {
        if (set) {
            senable(vgic.irq(intid), register);
        } else {
            cenable(vgic.irq(intid), register);
        }
    }

    /**
     * A whole bit register, KVM's handler once for its 32 interrupts (vgic-mmio.c
     * {@code vgic_mmio_write_senable}, {@code _cenable}, {@code _spending}, {@code _cpending},
     * {@code _sactive}, {@code _cactive}: {@code for_each_set_bit}, ascending, on {@code vgic_get_irq}).
     * A clear write leaves an SPI whose object is not made as it is: disabled, not pending, inactive
     * ({@link ColdSpis}), so the handler would change nothing.
     */
    @Override
    public void writeSetBits(DistributorRegisters.Family family, int first, long value, String register) {
        VgicIrq[] a = vgic.spis();
        long bits = value & 0xffff_ffffL;
        if (first >= 32 && (family == DistributorRegisters.Family.ICENABLER
                || family == DistributorRegisters.Family.ICPENDR || family == DistributorRegisters.Family.ICACTIVER)) {
            bits &= vgic.cold().made(first - 32, 32);
        }
        while (bits != 0) {
            int i = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            int s = first + i - 32;
            if (s < 0 || s >= a.length) {
                continue;
            }
            VgicIrq irq = vgic.spi(s);
            switch (family) {
                case ISENABLER -> senable(irq, register);
                case ICENABLER -> cenable(irq, register);
                case ISPENDR -> pending(irq, true, register);
                case ICPENDR -> pending(irq, false, register);
                case ISACTIVER -> active(irq, true, register);
                case ICACTIVER -> active(irq, false, register);
                default -> throw new IllegalStateException("no bit family " + family);
            }
        }
    }

    /**
     * vgic-mmio.c {@code vgic_mmio_write_senable}. A mapped level interrupt re-reads the physical line
     * ("the guest might have changed the state of the device while the interrupt was disabled") and
     * deactivates the physical interrupt when it dropped; any other interrupt is simply enabled and
     * queued, so a stale {@code line_level} is delivered at once (the arm64 side of the bug).
     *
     * <p>Fix {@code vgic-resample-on-enable} (modelled on x86 fef8f2b90edb "Resample the pending state
     * of an IRQ when unmasking"): for a non-HW level SPI with {@code line_level} set and not active
     * (the analogue of remote_irr clear), drop {@code line_level} and notify the resampler
     * ({@code kvm_notify_irqfd_resampler}); with no resampler on the pin the level is kept and
     * delivered. By default the drop comes first, in one step, so that a re-injection the resampler
     * causes survives; {@link ResampleOnEnable} gives the other order and a window between the steps.
     */
    private void senable(VgicIrq irq, String register) {
        int pin = irq.intid - 32;
        boolean wasEnabled = irq.enabled;
        String cause = writeCause(register);
        int before = vgic.tracedBefore(irq);
        if (irq.isMappedLevel()) {
            boolean wasHigh = irq.lineLevel;
            irq.lineLevel = vgic.physLineLevel(irq);
            if (!irq.active && wasHigh && !irq.lineLevel) {
                vgic.setPhysActive(irq, false);
            }
        }
        irq.enabled = true;
        vgic.traced(irq, before, cause);
        if (!wasEnabled) {
            vgic.fireMaskNotifiers(pin, false);
        }
        if (vgic.resampleOnEnable() && !irq.hw && !irq.edge && irq.lineLevel && !irq.active) {
            resampleOnEnable(irq, pin, register);
        } else {
            vgic.queue(irq);
        }
    }

    /** Fix {@code vgic-resample-on-enable}: its two steps in the configured order, then the queueing. */
    private void resampleOnEnable(VgicIrq irq, int pin, String register) {
        ResampleOnEnable rule = vgic.resampleRule();
        Runnable second;
        if (rule.order() == ResampleOnEnable.Order.CLEAR_BEFORE_NOTIFY) {
            // A re-assertion the resampler causes (vfio unmask -> the line is still high -> irqfd
            // inject) is then a fresh sample that stays, as x86 holds ioapic->lock across both.
            vgic.traceIrq(irq, register + " write: vgic-resample-on-enable", () -> irq.lineLevel = false);
            second = () -> {
                if (!vgic.resampler().notifyResampler(pin)) {
                    vgic.traceIrq(irq, register + " write: no resampler on the pin", () -> irq.lineLevel = true);
                }
                vgic.queue(irq);
            };
        } else {
            // x86's order without x86's lock: an injection landing before the clear finds line_level
            // already 1 (nothing to queue) and the clear then erases it.
            boolean notified = vgic.resampler().notifyResampler(pin);
            second = () -> {
                if (notified) {
                    vgic.traceIrq(irq, register + " write: vgic-resample-on-enable, clear after notify",
                            () -> irq.lineLevel = false);
                }
                vgic.queue(irq);
            };
        }
        if (rule.windowNs() == 0) {
            second.run();
        } else {
            vgic.sim().scheduler().schedule(rule.windowNs(), vgic.name() + " vgic_mmio_write_senable intid "
                    + irq.intid + ": " + (rule.order() == ResampleOnEnable.Order.CLEAR_BEFORE_NOTIFY ? "notify"
                    : "clear"), () -> {
                        second.run();
                        vgic.updateAllLines();
                    });
        }
    }

    /** vgic-mmio.c {@code vgic_mmio_write_cenable}: enabled = false; pending and line_level are kept. */
    private void cenable(VgicIrq irq, String register) {
        boolean wasEnabled = irq.enabled;
        String cause = writeCause(register);
        int before = vgic.tracedBefore(irq);
        irq.enabled = false;
        vgic.traced(irq, before, cause);
        if (wasEnabled) {
            vgic.fireMaskNotifiers(irq.intid - 32, true);
        }
    }

    /** vgic-mmio.c {@code __read_pending}: a mapped level interrupt reports the physical line. */
    @Override
    public boolean pendingForRead(int intid) {
        VgicIrq irq = vgic.irq(intid);
        if (irq.isMappedLevel()) {
            return vgic.physLineLevel(irq);
        }
        return irq.isPending();
    }

    /**
     * vgic-mmio.c {@code __set_pending}: pending_latch = 1 (HW: also make the physical interrupt active),
     * queue; {@code __clear_pending}: pending_latch = 0 (HW: {@code vgic_hw_irq_cpending} clears the
     * physical pending state and, if not virtually active, the physical active state). A level SPI
     * whose line_level is high stays pending.
     */
    @Override
    public void writePending(int intid, boolean set, String register) {
        pending(vgic.irq(intid), set, register);
    }

    private void pending(VgicIrq irq, boolean set, String register) {
        String cause = writeCause(register);
        int before = vgic.tracedBefore(irq);
        irq.pendingLatch = set;
        if (irq.hw) {
            if (set) {
                vgic.setPhysActive(irq, true);
            } else {
                vgic.setPhysPending(irq, false);
                if (!irq.active) {
                    vgic.setPhysActive(irq, false);
                }
            }
        }
        vgic.traced(irq, before, cause);
        if (set) {
            vgic.queue(irq);
        }
    }

    @Override
    public boolean active(int intid) {
        return vgic.irq(intid).active;
    }

    /**
     * vgic-mmio.c {@code vgic_mmio_change_active}: active = value (HW: {@code vgic_hw_irq_change_active}
     * also sets the physical active state); an interrupt made active is queued.
     */
    @Override
    public void writeActive(int intid, boolean set, String register) {
        active(vgic.irq(intid), set, register);
    }

    private void active(VgicIrq irq, boolean set, String register) {
        String cause = writeCause(register);
        int before = vgic.tracedBefore(irq);
        irq.active = set;
        if (irq.hw) {
            vgic.setPhysActive(irq, set);
        }
        vgic.traced(irq, before, cause);
        if (irq.active) {
            vgic.queue(irq);
        }
    }

    @Override
    public int priority(int intid) {
        return vgic.irq(intid).priority;
    }

    /** vgic-mmio.c {@code vgic_mmio_write_priority} (KVM keeps the top 5 bits: 32 levels, selftest KVM_PRIO_SHIFT). */
    @Override
    public void writePriority(int intid, int priority, String register) {
        priority(vgic.irq(intid), priority);
    }

    /** A whole GICD_IPRIORITYR: {@code vgic_mmio_write_priority} once for its 4 interrupts, byte by byte. */
    @Override
    public void writePriorities(int first, long value, String register) {
        VgicIrq[] a = vgic.spis();
        for (int i = 0; i < 4 && first + i - 32 < a.length; i++) {
            int pin = first + i - 32;
            int priority = (int) (value >>> (8 * i)) & 0xff;
            if (a[pin] == null) {
                vgic.cold().setPriority(pin, stored(priority)); // on no ap_list: nothing to look at again
            } else {
                priority(a[pin], priority);
            }
        }
    }

    private void priority(VgicIrq irq, int priority) {
        irq.priority = stored(priority);
        vgic.touched(irq);
    }

    /** The priority KVM keeps of a written byte. */
    private static int stored(int priority) {
        return priority & 0xf8;
    }

    @Override
    public boolean edge(int intid) {
        return vgic.irq(intid).edge;
    }

    /** vgic-mmio.c {@code vgic_mmio_write_config}. */
    @Override
    public void writeConfig(int intid, boolean edge, String register) {
        config(vgic.irq(intid), edge, register);
    }

    /**
     * A whole GICD_ICFGR: {@code vgic_mmio_write_config} once for its 16 interrupts, Int_config[1]
     * ({@code test_bit(i * 2 + 1)}) of each.
     */
    @Override
    public void writeConfigs(int first, long value, String register) {
        if (first < 32) {
            return; // SGIs and PPIs: not modelled
        }
        long edges = 0;
        for (int i = 0; i < 16; i++) {
            edges |= ((value >>> (2 * i + 1)) & 1) << i;
        }
        int pin0 = first - 32;
        ColdSpis cold = vgic.cold();
        long present = cold.present(pin0, 16);
        long made = cold.made(pin0, 16);
        long changed = cold.setEdges(pin0, 16, edges, present & ~made);
        VgicIrq[] a = vgic.spis();
        for (long visit = made | (vgic.trace().detail() ? changed : 0); visit != 0; visit &= visit - 1) {
            int i = Long.numberOfTrailingZeros(visit); // ascending, as the handler walks them
            boolean edge = ((edges >>> i) & 1) != 0;
            if (((made >>> i) & 1) != 0) {
                config(a[pin0 + i], edge, register);
            } else {
                configTraced(first + i, !edge, edge, register);
            }
        }
    }

    private void config(VgicIrq irq, boolean edge, String register) {
        boolean was = irq.edge;
        irq.edge = edge;
        vgic.touched(irq); // pending is pending_latch alone for an edge interrupt
        configTraced(irq.intid, was, edge, register);
    }

    private void configTraced(int intid, boolean was, boolean edge, String register) {
        if (was != edge && vgic.trace().detail()) {
            vgic.trace().changed(intid, "config", was ? "edge" : "level", edge ? "edge" : "level",
                    writeCause(register));
        }
    }

    /** vgic-mmio.c {@code vgic_mmio_read_group}: {@code irq->group}. */
    @Override
    public boolean group(int intid, GicVersion version) {
        return vgic.irq(intid).group;
    }

    /**
     * vgic-mmio.c {@code vgic_mmio_write_group} (GICD_IGROUPR on both vGICs, 6.17-6.19):
     * {@code irq->group} = the bit, then {@code vgic_queue_irq_unlock} (an SPI pending for a target is
     * queued, or its target kicked). What the group changes in delivery (the LR's group bit, the
     * groups the guest's CPU interface enables) is not modelled: a Linux guest keeps every SPI in the
     * group KVM resets it to.
     */
    @Override
    public void writeGroup(int intid, boolean group1, String register) {
        group(vgic.irq(intid), group1, register);
    }

    /** A whole GICD_IGROUPR: {@code vgic_mmio_write_group} once for its 32 interrupts, each bit written. */
    @Override
    public void writeGroups(int first, long value, String register) {
        if (first < 32) {
            return; // SGIs and PPIs: not modelled
        }
        int pin0 = first - 32;
        ColdSpis cold = vgic.cold();
        long present = cold.present(pin0, 32);
        long made = cold.made(pin0, 32);
        // an SPI not made: vgic_queue_irq_unlock finds it disabled, inactive and not pending, nothing to queue
        long changed = cold.setGroups(pin0, 32, value, present & ~made);
        VgicIrq[] a = vgic.spis();
        for (long visit = made | (vgic.trace().detail() ? changed : 0); visit != 0; visit &= visit - 1) {
            int i = Long.numberOfTrailingZeros(visit); // ascending, as the handler walks them
            boolean group1 = ((value >>> i) & 1) != 0;
            if (((made >>> i) & 1) != 0) {
                group(a[pin0 + i], group1, register);
            } else {
                groupTraced(first + i, !group1, group1, register);
            }
        }
    }

    private void group(VgicIrq irq, boolean group1, String register) {
        boolean was = irq.group;
        irq.group = group1;
        groupTraced(irq.intid, was, group1, register);
        vgic.queue(irq);
    }

    private void groupTraced(int intid, boolean was, boolean group1, String register) {
        if (was != group1) {
            vgic.trace().changed(intid, "group", group1 ? "0" : "1", group1 ? "1" : "0", writeCause(register));
        }
    }

    /** vgic-mmio-v2.c {@code vgic_mmio_read_target} (the stored byte) / vgic-mmio-v3.c {@code vgic_mmio_read_irouter} (the stored MPIDR fields). */
    @Override
    public long route(int intid) {
        return vgic.irq(intid).routeReg;
    }

    /**
     * vgic-mmio-v2.c {@code vgic_mmio_write_target}: {@code targets} = the byte limited to existing
     * vCPUs, {@code target_vcpu} = its lowest set bit, or vCPU 0 when none is set;
     * vgic-mmio-v3.c {@code vgic_mmio_write_irouter}: {@code mpidr} = bits 23:0 (IRM is not
     * stored), {@code target_vcpu} = the vCPU with that affinity or none (Aff0 = vCPU index here).
     * Neither queues nor kicks: an interrupt already on an ap_list migrates at the next prune.
     */
    @Override
    public void writeRoute(int intid, long value, String register) {
        long routeReg = routeRegister(value);
        int target = routeTarget(routeReg);
        VgicIrq irq = vgic.ifMade(intid);
        if (irq == null) {
            writeColdRoute(intid, routeReg, target, register);
            return;
        }
        irq.routeReg = routeReg;
        int from = irq.targetVcpu;
        irq.targetVcpu = target;
        vgic.touched(irq);
        routeTraced(intid, from, target, register);
    }

    /** What {@link #writeRoute} stores of a written value: v2 {@code targets}, v3 {@code mpidr}. */
    long routeRegister(long value) {
        if (vgic.version() == GicVersion.V2) {
            return value & 0xff & ((1L << Math.min(8, vgic.vcpuCount())) - 1);
        }
        return value & 0xffffffL;
    }

    /** The {@code target_vcpu} a stored routing register gives ({@link #writeRoute}). */
    int routeTarget(long routeReg) {
        if (vgic.version() == GicVersion.V2) {
            return routeReg == 0 ? 0 : Long.numberOfTrailingZeros(routeReg);
        }
        return (routeReg >>> 8) == 0 && routeReg < vgic.vcpuCount() ? (int) routeReg : -1;
    }

    /**
     * {@link #writeRoute} of an SPI whose object is not made, the value decoded: into its
     * {@link ColdSpis} state (on no ap_list: nothing to look at again).
     */
    void writeColdRoute(int intid, long routeReg, int target, String register) {
        ColdSpis cold = vgic.cold();
        int from = cold.target(intid - 32);
        cold.setRoute(intid - 32, routeReg, target);
        routeTraced(intid, from, target, register);
    }

    private void routeTraced(int intid, int from, int target, String register) {
        if (vgic.trace().detail()) {
            vgic.trace().changed(intid, "target_vcpu", String.valueOf(from), String.valueOf(target),
                    writeCause(register));
        }
    }
}
