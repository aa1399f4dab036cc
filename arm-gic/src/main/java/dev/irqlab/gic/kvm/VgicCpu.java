package dev.irqlab.gic.kvm;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.gic.arch.ActivePriorities;
import dev.irqlab.gic.arch.CpuInterface;
import dev.irqlab.gic.arch.ListRegister;

/**
 * KVM's per-vCPU vGIC state ({@code struct vgic_cpu}): the ap_list of interrupts that are pending or
 * active for this vCPU, the list registers loaded while the vCPU runs guest code, and the guest's
 * virtual CPU interface (priority mask, active priorities, EOI mode).
 */
final class VgicCpu {

    final int index;
    /** "vcpu" + index, as traced (ap_list values). */
    final String name;
    /** The detail of the exit a kick of this vCPU causes. */
    final String kickDetail;
    final ApList apList;
    /** The list registers loaded now: {@code lrs[0..usedLrs)}, each one of {@link #registers} or null. */
    final ListRegister[] lrs;
    /** One register object per list register, reloaded at each flush (nothing allocated per entry). */
    private final ListRegister[] registers;
    int usedLrs;
    boolean running;
    /** Handling an exit (MMIO, maintenance): LRs are folded, re-entry flushes them again. */
    boolean inExit;
    /** ICH_HCR_EL2.UIE: more interrupts than list registers. */
    boolean underflow;
    /** ICH_HCR_EL2.NPIE (6.19 {@code vgic_v3_configure_hcr}): more pending interrupts than list registers. */
    boolean npie;
    /** ICH_HCR_EL2.LRENPIE (6.19): active interrupts live outside the list registers. */
    boolean lrenpie;
    /** ICH_HCR_EL2.TDIR (6.19): the guest's ICC_DIR_EL1 writes trap. */
    boolean tdir;
    /**
     * ICH_HCR_EL2.EOIcount: EOIs (EOImode 0) and deactivations of vINTIDs found in no list register
     * since the last entry (IHI 0069 12.4.6); KVM keeps it only when LRENPIE was set
     * ({@code __vgic_v3_save_state}), and {@code vgic_v3_configure_hcr} zeroes it at every entry.
     */
    int eoiCount;
    /** {@code KVM_REQ_VGIC_PROCESS_UPDATE}: prune the ap_list at the next entry ({@code kvm_vgic_process_async_update}). */
    boolean processUpdate;
    /** The virtual CPU interface's active priorities (ICH_AP1R&lt;n&gt;_EL2). */
    final ActivePriorities activePriorities = new ActivePriorities();
    int pmr = CpuInterface.LINUX_PMR;
    int eoiMode;
    CpuIrqLine line;
    boolean asserted;

    VgicCpu(int index, int listRegisters, int eoiMode) {
        this.index = index;
        this.name = "vcpu" + index;
        this.apList = new ApList(index);
        this.kickDetail = "kick vcpu" + index + " (KVM_REQ_IRQ_PENDING)";
        this.lrs = new ListRegister[listRegisters];
        this.registers = new ListRegister[listRegisters];
        for (int i = 0; i < listRegisters; i++) {
            registers[i] = new ListRegister(0, false, false, false, 0, false, 0);
        }
        this.eoiMode = eoiMode;
    }

    /** List register {@code i}, to be loaded. */
    ListRegister register(int i) {
        return registers[i];
    }

    int runningPriority() {
        return activePriorities.runningPriority(CpuInterface.IDLE);
    }

    ListRegister lrFor(int intid) {
        for (int i = 0; i < usedLrs; i++) {
            if (lrs[i] != null && lrs[i].intid == intid) {
                return lrs[i];
            }
        }
        return null;
    }

    boolean hasPendingLr() {
        for (int i = 0; i < usedLrs; i++) {
            if (lrs[i] != null && lrs[i].pending) {
                return true;
            }
        }
        return false;
    }

    int validLrs() {
        int n = 0;
        for (int i = 0; i < usedLrs; i++) {
            if (lrs[i] != null && !lrs[i].invalid()) {
                n++;
            }
        }
        return n;
    }
}
