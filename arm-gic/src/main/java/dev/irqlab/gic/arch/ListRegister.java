package dev.irqlab.gic.arch;

/**
 * One list register, GICH_LR&lt;n&gt; (GICv2, IHI 0048B 5.3.11) / ICH_LR&lt;n&gt;_EL2 (GICv3,
 * IHI 0069 12.4.10): virtual INTID, state (pending / active / both / invalid), priority, the HW bit
 * with the physical INTID, and the EOI bit (maintenance interrupt on deactivation; only with HW = 0).
 * A register is written as a whole ({@link #load}), as KVM writes an {@code ICH_LR<n>_EL2} at each
 * entry: the vGIC keeps one object per register and reloads it, allocating nothing per entry.
 */
public final class ListRegister {

    public int intid;
    public boolean pending;
    public boolean active;
    public boolean hw;
    public int pintid;
    public boolean eoi;
    public int priority;

    public ListRegister(int intid, boolean pending, boolean active, boolean hw, int pintid, boolean eoi, int priority) {
        load(intid, pending, active, hw, pintid, eoi, priority);
    }

    /** The whole register written at once: every field replaced. */
    public void load(int intid, boolean pending, boolean active, boolean hw, int pintid, boolean eoi, int priority) {
        this.intid = intid;
        this.pending = pending;
        this.active = active;
        this.hw = hw;
        this.pintid = pintid;
        this.eoi = eoi;
        this.priority = priority;
    }

    /** State field = 0b00: the LR holds nothing the guest can see (ICH_ELRSR bit set). */
    public boolean invalid() {
        return !pending && !active;
    }

    /**
     * vgic-v3.c {@code lr_signals_eoi_mi}: state invalid, EOI bit set, HW bit clear — the guest
     * deactivated an interrupt KVM asked to be told about.
     */
    public boolean signalsEoiMaintenance() {
        return invalid() && eoi && !hw;
    }

    /** As traced: "invalid", "pending", "active", "pending+active". */
    public String state() {
        GicIrqState s = lrState();
        return switch (s) {
            case INACTIVE -> "invalid";
            case ACTIVE_PENDING -> "pending+active";
            default -> s.label();
        };
    }

    /** The State field: 0b00 invalid (inactive), pending, active, pending and active. */
    public GicIrqState lrState() {
        return GicIrqState.of(active, pending);
    }

    /** Its contents as values, for vCPU {@code vcpu}. */
    public LrContents contents(int vcpu) {
        return new LrContents(vcpu, intid, lrState(), hw, pintid, eoi, priority);
    }

    @Override
    public String toString() {
        return "LR{vINTID " + intid + " " + state() + (hw ? " HW pINTID " + pintid : "") + (eoi ? " EOI" : "")
                + " prio 0x" + Integer.toHexString(priority) + "}";
    }
}
