package dev.irqlab.gic.kvm;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.arch.ListRegister;
import dev.irqlab.gic.arch.StateTrace;

/**
 * The guest's virtual CPU interface (GICv3 ICV_*_EL1, GICv2 GICV_*; IHI 0069 chapter 11 / IHI 0048B
 * chapter 5) over the list registers KVM loaded: acknowledge, priority drop and deactivation happen in
 * hardware without an exit; a deactivation with the HW bit deactivates the physical interrupt; one
 * that KVM asked to hear about (the EOI bit), or an underflow with ICH_HCR_EL2.UIE, raises the
 * maintenance interrupt that KVM handles at the exit.
 */
final class VirtualCpuInterface {

    private final Vgic vgic;
    private final GicVersion version;
    private final StateTrace trace;
    /** Per vCPU, the trace cause of its IAR read: {@code version.iar() + " read (vcpuN)"}. */
    private final String[] iarCauses;
    /** Per vCPU, the trace cause of its LR deactivation by EOIR and by DIR write: {@code cause + " (vcpuN)"}. */
    private final String[] eoirCauses;
    private final String[] dirCauses;
    /**
     * Per vINTID up to 1019 (IHI 0069 2.2.1), the detail of its EOI maintenance exit: built once, never
     * changed (private: no array escapes), so that no run builds one.
     */
    private static final String[] EOI_MAINTENANCE_DETAILS = new String[1020];

    static {
        for (int i = 0; i < EOI_MAINTENANCE_DETAILS.length; i++) {
            EOI_MAINTENANCE_DETAILS[i] = "EOI maintenance vINTID " + i;
        }
    }

    VirtualCpuInterface(Vgic vgic, GicVersion version, StateTrace trace, int vcpus) {
        this.vgic = vgic;
        this.version = version;
        this.trace = trace;
        this.iarCauses = new String[vcpus];
        this.eoirCauses = new String[vcpus];
        this.dirCauses = new String[vcpus];
        for (int v = 0; v < vcpus; v++) {
            iarCauses[v] = version.iar() + " read (vcpu" + v + ")";
            eoirCauses[v] = version.eoirWrite() + " (vcpu" + v + ")";
            dirCauses[v] = version.dirWrite() + " (vcpu" + v + ")";
        }
    }

    /**
     * IAR: the highest-priority pending LR whose priority passes the priority mask and the running
     * priority becomes active (no exit).
     */
    int iar(int vcpu) {
        VgicCpu c = vgic.cpu(vcpu);
        ListRegister best = null;
        for (int i = 0; i < c.usedLrs; i++) {
            ListRegister lr = c.lrs[i];
            if (lr.pending && !lr.active && lr.priority < c.pmr && lr.priority < c.runningPriority()
                    && (best == null || lr.priority < best.priority)) {
                best = lr;
            }
        }
        if (best == null) {
            return InterruptController.SPURIOUS;
        }
        String from = trace.detail() ? best.state() : null;
        int intid = best.intid;
        best.pending = false;
        best.active = true;
        c.activePriorities.push(intid, best.priority);
        if (from != null) {
            trace.changed(intid, "lr", from, best.state(), iarCauses[vcpu]);
        }
        vgic.updateLine(vcpu);
        return intid;
    }

    /** EOIR: priority drop, plus deactivation of the LR in EOImode 0 (no exit). */
    void eoir(int vcpu, int intid) {
        VgicCpu c = vgic.cpu(vcpu);
        if (!c.activePriorities.popIf(intid) && !c.activePriorities.removeAll(intid)) {
            trace.message("vgic.eoi_unknown", version.eoir() + " write of vINTID " + intid
                    + " with no active priority on vcpu" + vcpu + " (ignored)");
        }
        if (c.eoiMode == 0) {
            deactivate(vcpu, intid, version.eoirWrite(), false);
        }
        vgic.updateLine(vcpu);
    }

    /** DIR (EOImode 1): deactivation of the LR. */
    void dir(int vcpu, int intid) {
        VgicCpu c = vgic.cpu(vcpu);
        if (c.eoiMode == 0) {
            trace.message("vgic.dir_in_eoimode0", version.dir() + " write while EOImode is 0 (UNPREDICTABLE; ignored)");
            return;
        }
        deactivate(vcpu, intid, version.dirWrite(), true);
    }

    /**
     * Deactivation of a list register by the guest. With the HW bit the physical INTID is deactivated
     * too (no exit). An LR that goes invalid with the EOI bit raises the EOI maintenance interrupt: an
     * exit, whose fold calls the ack notifiers ({@code vgic_v3_fold_lr_state}); the level conditions
     * (underflow, EOIcount) are evaluated after it ({@link Vgic#checkMaintenance}).
     *
     * <p>A deactivation of a vINTID active in no list register of this vCPU counts in
     * ICH_HCR_EL2.EOIcount (IHI 0069 12.4.6; KVM's emulation {@code __vgic_v3_write_dir},
     * {@code __vgic_v3_bump_eoicount}). From 6.19 a DIR write traps while TDIR is set (GICv2: always):
     * on GICv3 the trap is handled at EL2 when the vINTID is in an LR ({@code ___vgic_v3_write_dir},
     * "Handle in-LR deactivation when possible") and is otherwise a full exit to
     * {@code vgic_v3_deactivate}; GICv2's GICC_DIR trap is an MMIO exit to {@code vgic_v2_deactivate}.
     */
    private void deactivate(int vcpu, int intid, String cause, boolean dir) {
        VgicCpu c = vgic.cpu(vcpu);
        ListRegister lr = c.lrFor(intid);
        boolean inLr = lr != null && lr.active;
        if (dir && vgic.dirTrapped(c)) {
            if (version == GicVersion.V3 && inLr) {
                vgic.exitNoSync(ExitCause.SYSREG, cause + " trapped (TDIR), deactivated in the LR at EL2");
            } else {
                vgic.trappedDir(vcpu, intid, cause + " trapped (" + (version == GicVersion.V3 ? "TDIR" : "GICV_DIR")
                        + ")");
                vgic.updateLine(vcpu);
                return;
            }
        }
        if (!inLr) {
            c.eoiCount++;
            trace.message("vgic.deactivate_not_in_lr", cause + " of vINTID " + intid
                    + " which is not active in a list register of vcpu" + vcpu + ": EOIcount " + c.eoiCount);
            vgic.checkMaintenance(vcpu);
            return;
        }
        if (trace.detail()) {
            String from = lr.state();
            lr.active = false;
            trace.changed(intid, "lr", from, lr.state(), (dir ? dirCauses : eoirCauses)[vcpu]);
        } else {
            lr.active = false;
        }
        boolean eoiMaintenance = lr.signalsEoiMaintenance(); // read before the host runs: it may reload the LR
        if (lr.hw) {
            vgic.irq(intid).host.deactivateFromVcpu(lr.pintid);
        }
        if (eoiMaintenance) {
            vgic.maintenance(vcpu, eoiMaintenanceDetail(intid));
        } else {
            vgic.checkMaintenance(vcpu);
        }
        vgic.updateLine(vcpu);
    }

    private static String eoiMaintenanceDetail(int intid) {
        return intid >= 0 && intid < EOI_MAINTENANCE_DETAILS.length ? EOI_MAINTENANCE_DETAILS[intid]
                : "EOI maintenance vINTID " + intid;
    }
}
