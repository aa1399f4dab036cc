package dev.irqlab.gic.kvm;

import dev.irqlab.gic.arch.ListRegister;
import dev.irqlab.gic.arch.StateTrace;

/**
 * The list-register half of the vGIC: arch/arm64/kvm/vgic/vgic-v3.c {@code vgic_v3_populate_lr} and
 * {@code vgic_v3_fold_lr_state} (vgic-v2.c {@code vgic_v2_populate_lr} / {@code vgic_v2_fold_lr_state}
 * are the same for SPIs).
 */
final class VgicLrs {

    private final Vgic vgic;
    private final StateTrace trace;

    VgicLrs(Vgic vgic, StateTrace trace) {
        this.vgic = vgic;
        this.trace = trace;
    }

    /** {@code vgic_v3_populate_lr}. */
    ListRegister populate(VgicIrq irq) {
        boolean allowPending = true;
        boolean lrActive = irq.active;
        boolean useHw = irq.hw; // vgic_irq_needs_resampling: no irq_ops flag in this model
        boolean eoi = false;
        if (useHw) {
            // "Never set pending+active on a HW interrupt, as the pending state is kept at the
            // physical distributor level."
            if (irq.active) {
                allowPending = false;
            }
        } else if (!irq.edge) {
            eoi = true; // ICH_LR_EOI: ask for a maintenance interrupt at deactivation
            if (irq.active) {
                allowPending = false; // "Software resampling doesn't work very well if we allow P+A"
            }
        }
        int before = irq.traced();
        boolean lrPending = false;
        if (allowPending && irq.isPending()) {
            lrPending = true;
            if (irq.edge) {
                irq.pendingLatch = false;
            }
        }
        // Mapped level: "we only observe rising edges as input to the VGIC".
        if (irq.isMappedLevel() && lrPending) {
            irq.lineLevel = false;
        }
        trace.changed(irq.intid, VgicIrq.TRACED, before, irq.traced(), "vgic_populate_lr");
        ListRegister lr = new ListRegister(irq.intid, lrPending, lrActive, useHw, irq.hwintid, eoi, irq.priority);
        trace.changed(irq.intid, "lr", "-", lr.state(), "vgic_populate_lr");
        return lr;
    }

    /** {@code vgic_v3_fold_lr_state}: every used LR back into its {@code vgic_irq}, the LRs emptied. */
    void fold(VgicCpu c) {
        int used = c.usedLrs;
        for (int i = 0; i < used; i++) {
            ListRegister lr = c.lrs[i];
            // "Notify fds when the guest EOI'ed a level-triggered IRQ": before the irq's state is updated.
            if (lr.signalsEoiMaintenance() && vgic.isSpi(lr.intid)) {
                vgic.notifyAcked(lr.intid - 32);
            }
            VgicIrq irq = vgic.irq(lr.intid);
            vgic.traceIrq(irq, "vgic_fold_lr_state", () -> {
                boolean deactivated = irq.active && !lr.active;
                irq.active = lr.active;
                if (irq.edge && lr.pending) {
                    irq.pendingLatch = true; // "Edge is the only case where we preserve the pending bit"
                }
                if (!irq.edge && lr.invalid()) {
                    irq.pendingLatch = false; // "Clear soft pending state when level irqs have been acked"
                }
                vgic.handleResampling(irq, deactivated, lr.pending);
            });
            trace.changed(irq.intid, "lr", lr.state(), "-", "vgic_fold_lr_state");
            c.lrs[i] = null;
        }
        c.usedLrs = 0;
        c.underflow = false;
    }
}
