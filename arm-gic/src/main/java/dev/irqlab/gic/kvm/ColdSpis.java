package dev.irqlab.gic.kvm;

/**
 * The SPIs of {@code dist->spis} whose {@link VgicIrq} the model has not made yet, by pin (INTID - 32):
 * their state as vgic-init.c {@code kvm_vgic_dist_init} leaves it (6.17-6.19: edge, priority 0,
 * {@code targets} / {@code mpidr} 0, {@code target_vcpu} vCPU 0, group 1 on a vGICv3) and as the
 * whole-register writes since then set it: a VMM's reset put (GICD_ICFGR from user space) and the
 * guest's {@code gic_dist_init} (GICD_IGROUPR, GICD_ICFGR, GICD_IPRIORITYR, GICD_IROUTER /
 * GICD_ITARGETSR). Such an SPI is disabled, inactive, not pending, its line low, mapped to no physical
 * interrupt and on no ap_list: the clear writes leave it so, and {@link Vgic} makes its object (from
 * this state) before anything else changes it or reads it. A guest's boot writes every SPI, a run
 * uses a few: each zero here is KVM's reset value, so nothing is filled in.
 */
final class ColdSpis {

    private final boolean groupAtReset;
    /** Bit set: level-sensitive ({@code VGIC_CONFIG_LEVEL}); KVM's reset is edge. */
    private final long[] level;
    /** Bit set: the group differs from {@link #groupAtReset}. */
    private final long[] groupChanged;
    /** The priority as stored (top 5 bits), unsigned. */
    private final byte[] priority;
    /** The routing register as stored: v2 {@code targets}, v3 {@code mpidr} (24 bits). */
    private final int[] route;
    /** {@code target_vcpu}, or -1. */
    private final int[] target;

    ColdSpis(int spis, boolean groupAtReset) {
        this.groupAtReset = groupAtReset;
        int words = (spis + 63) / 64;
        this.level = new long[words];
        this.groupChanged = new long[words];
        this.priority = new byte[spis];
        this.route = new int[spis];
        this.target = new int[spis];
    }

    boolean edge(int pin) {
        return (level[pin >>> 6] & (1L << pin)) == 0;
    }

    /** Sets the trigger; the one before. */
    boolean setEdge(int pin, boolean edge) {
        boolean was = edge(pin);
        if (edge) {
            level[pin >>> 6] &= ~(1L << pin);
        } else {
            level[pin >>> 6] |= 1L << pin;
        }
        return was;
    }

    boolean group(int pin) {
        return groupAtReset ^ ((groupChanged[pin >>> 6] & (1L << pin)) != 0);
    }

    /** Sets the group; the one before. */
    boolean setGroup(int pin, boolean group) {
        boolean was = group(pin);
        if (group == groupAtReset) {
            groupChanged[pin >>> 6] &= ~(1L << pin);
        } else {
            groupChanged[pin >>> 6] |= 1L << pin;
        }
        return was;
    }

    void setPriority(int pin, int stored) {
        priority[pin] = (byte) stored;
    }

    int target(int pin) {
        return target[pin];
    }

    /** The routing register and the {@code target_vcpu} it gives. */
    void setRoute(int pin, long routeReg, int targetVcpu) {
        route[pin] = (int) routeReg;
        target[pin] = targetVcpu;
    }

    /** The SPI's object with this state: {@link Vgic} keeps it from now on. */
    VgicIrq make(int pin) {
        VgicIrq irq = new VgicIrq(32 + pin, priority[pin] & 0xff, target[pin]);
        irq.edge = edge(pin);
        irq.routeReg = route[pin] & 0xffff_ffffL;
        irq.group = group(pin);
        return irq;
    }
}
