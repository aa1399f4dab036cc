package dev.irqlab.gic.kvm;

import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.arch.ListRegister;
import dev.irqlab.gic.arch.StateTrace;

/**
 * The list-register half of the vGIC: arch/arm64/kvm/vgic/vgic-v3.c {@code vgic_v3_populate_lr} and
 * {@code vgic_v3_fold_lr_state} (vgic-v2.c {@code vgic_v2_populate_lr} / {@code vgic_v2_fold_lr_state}
 * are the same for SPIs), by release: 6.19 splits them into {@code vgic_v3_compute_lr} /
 * {@code vgic_v3_fold_lr} and adds the EOIcount walk over the interrupts outside the LRs.
 */
final class VgicLrs {

    private final Vgic vgic;
    private final StateTrace trace;

    VgicLrs(Vgic vgic, StateTrace trace) {
        this.vgic = vgic;
        this.trace = trace;
    }

    /**
     * vgic-v3.c {@code vgic_v3_compute_lr} (6.19; the first half of {@code vgic_v3_populate_lr} before):
     * the LR value for the irq's state, no side effect on the irq; a register of its own (a pseudo-LR).
     */
    ListRegister compute(VgicIrq irq) {
        ListRegister lr = new ListRegister(irq.intid, false, false, false, 0, false, 0);
        compute(irq, lr);
        return lr;
    }

    /** {@link #compute(VgicIrq)} written into {@code lr}. */
    private static void compute(VgicIrq irq, ListRegister lr) {
        boolean allowPending = true;
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
        boolean lrPending = allowPending && irq.isPending();
        lr.load(irq.intid, lrPending, irq.active, useHw, irq.hwintid, eoi, irq.priority);
    }

    /**
     * {@code vgic_v3_populate_lr} into the vCPU's register {@code lr}: the LR, and the irq's state
     * consumed by it; {@code on_lr} set (6.19).
     */
    ListRegister populate(VgicIrq irq, ListRegister lr) {
        compute(irq, lr);
        int before = vgic.tracedBefore(irq);
        if (lr.pending && irq.edge) {
            irq.pendingLatch = false;
        }
        // Mapped level: "we only observe rising edges as input to the VGIC".
        if (irq.isMappedLevel() && lr.pending) {
            irq.lineLevel = false;
        }
        irq.onLr = true;
        vgic.traced(irq, before, "vgic_populate_lr");
        if (trace.detail()) {
            trace.changed(irq.intid, "lr", "-", lr.state(), "vgic_populate_lr");
        }
        return lr;
    }

    /** {@code vgic_v3_fold_lr_state}: every used LR back into its {@code vgic_irq}, the LRs emptied. */
    void fold(VgicCpu c, KvmRelease release) {
        int used = c.usedLrs;
        for (int i = 0; i < used; i++) {
            ListRegister lr = c.lrs[i];
            // Read before the fold: what it calls may enter this vCPU again, which reloads the register.
            int intid = lr.intid;
            String state = trace.detail() ? lr.state() : null;
            foldLr(lr, release, "vgic_fold_lr_state");
            if (state != null) {
                trace.changed(intid, "lr", state, "-", "vgic_fold_lr_state");
            }
            c.lrs[i] = null;
        }
        c.usedLrs = 0;
        c.underflow = false;
    }

    /**
     * One LR (or, 6.19, a pseudo-LR KVM computes for an interrupt outside the LRs) folded into its
     * irq: vgic-v3.c {@code vgic_v3_fold_lr} (6.19) / the loop body of {@code vgic_v3_fold_lr_state}
     * (6.18). The ack notifiers ("Notify fds when the guest EOI'ed a level-triggered IRQ") run, up to
     * 6.18, for every LR that signals an EOI maintenance interrupt and before the irq is updated; from
     * 6.19 on a GICv3 host, after it and only when the fold deactivates an irq KVM had seen active
     * ({@code deactivated}), which also drops {@code active_spis}. vgic-v2.c {@code vgic_v2_fold_lr}
     * keeps the 6.18 order in 6.19.
     */
    void foldLr(ListRegister lr, KvmRelease release, String cause) {
        // The register read once, first: the notifiers may enter this vCPU again, which reloads it.
        int intid = lr.intid;
        boolean lrPending = lr.pending;
        boolean lrActive = lr.active;
        boolean lrInvalid = lr.invalid();
        boolean eoiMaintenance = lr.signalsEoiMaintenance();
        boolean notifyAfter = release.lrOverflow() && vgic.version() == GicVersion.V3;
        boolean spi = vgic.isSpi(intid);
        if (!notifyAfter && eoiMaintenance && spi) {
            vgic.notifyAcked(intid - 32);
        }
        VgicIrq irq = vgic.irq(intid);
        int before = vgic.tracedBefore(irq);
        boolean deactivated = irq.active && !lrActive;
        irq.active = lrActive;
        if (irq.edge && lrPending) {
            irq.pendingLatch = true; // "Edge is the only case where we preserve the pending bit"
        }
        if (!irq.edge && lrInvalid) {
            irq.pendingLatch = false; // "Clear soft pending state when level irqs have been acked"
        }
        vgic.handleResampling(irq, deactivated, lrPending);
        irq.onLr = false;
        vgic.traced(irq, before, cause);
        if (notifyAfter && deactivated && eoiMaintenance && spi) {
            vgic.notifyAcked(intid - 32);
            vgic.activeSpiDeactivated();
        }
    }
}
