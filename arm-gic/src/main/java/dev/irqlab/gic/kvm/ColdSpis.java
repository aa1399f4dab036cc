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

    private final int spis;
    private final boolean groupAtReset;
    /** Bit set: the SPI's object is made ({@link #make}); its bits here are no longer its state. */
    private final long[] made;
    /** Bit set: level-sensitive ({@code VGIC_CONFIG_LEVEL}); KVM's reset is edge. */
    private final long[] level;
    /** Bit set: the group differs from {@link #groupAtReset}. */
    private final long[] groupChanged;
    /** The priority as stored (top 5 bits), unsigned. */
    private final byte[] priority;
    /**
     * The routing register as stored: v2 {@code targets}, v3 {@code mpidr} (24 bits); null while every
     * one is 0 (a guest on vCPU 0 writes 0 to each), made with {@link #target} at the first other route.
     */
    private int[] route;
    /** {@code target_vcpu}, or -1; null while {@link #route} is. */
    private int[] target;

    ColdSpis(int spis, boolean groupAtReset) {
        this.spis = spis;
        this.groupAtReset = groupAtReset;
        int words = (spis + 63) / 64;
        this.made = new long[words];
        this.level = new long[words];
        this.groupChanged = new long[words];
        this.priority = new byte[spis];
    }

    boolean edge(int pin) {
        return (level[pin >>> 6] & (1L << pin)) == 0;
    }

    /**
     * The triggers of the SPIs of {@code mask} among the {@code count} from {@code firstPin} (bit i: pin
     * firstPin + i; {@code count} 16 or 32 and {@code firstPin} a multiple of it, so one word holds them):
     * edge where {@code edges} has the bit. The SPIs whose trigger changed.
     */
    long setEdges(int firstPin, int count, long edges, long mask) {
        return replace(level, firstPin, count, ~edges, mask);
    }

    boolean group(int pin) {
        return groupAtReset ^ ((groupChanged[pin >>> 6] & (1L << pin)) != 0);
    }

    /** {@link #setEdges} for the groups: group 1 where {@code group1} has the bit. The SPIs whose group changed. */
    long setGroups(int firstPin, int count, long group1, long mask) {
        return replace(groupChanged, firstPin, count, groupAtReset ? ~group1 : group1, mask);
    }

    /** Whether SPI {@code pin}'s object is made. */
    boolean isMade(int pin) {
        return (made[pin >>> 6] & (1L << pin)) != 0;
    }

    /** The SPIs among the {@code count} from {@code firstPin} ({@link #setEdges}) whose object is made. */
    long made(int firstPin, int count) {
        return field(made, firstPin, count);
    }

    /** The SPIs among the {@code count} from {@code firstPin} ({@link #setEdges}) that exist. */
    long present(int firstPin, int count) {
        int left = spis - firstPin;
        return left >= count ? (1L << count) - 1 : left <= 0 ? 0 : (1L << left) - 1;
    }

    private static long field(long[] map, int firstPin, int count) {
        return (map[firstPin >>> 6] >>> (firstPin & 63)) & ((1L << count) - 1);
    }

    /** The bits of {@code mask} in the field take those of {@code bits}; the bits that changed. */
    private static long replace(long[] map, int firstPin, int count, long bits, long mask) {
        long was = field(map, firstPin, count) & mask;
        long now = bits & mask;
        int w = firstPin >>> 6;
        int shift = firstPin & 63;
        map[w] = (map[w] & ~(mask << shift)) | (now << shift);
        return was ^ now;
    }

    void setPriority(int pin, int stored) {
        priority[pin] = (byte) stored;
    }

    int target(int pin) {
        return target == null ? 0 : target[pin];
    }

    /** The routing register and the {@code target_vcpu} it gives. */
    void setRoute(int pin, long routeReg, int targetVcpu) {
        if (route == null) {
            if ((int) routeReg == 0 && targetVcpu == 0) {
                return; // what every SPI has
            }
            route = new int[spis];
            target = new int[spis];
        }
        route[pin] = (int) routeReg;
        target[pin] = targetVcpu;
    }

    /**
     * {@link #setRoute} of every SPI from {@code fromPin} to {@code toPin - 1} whose object is not made
     * (a made one keeps what it was given): nothing to store while every route is 0 and stays so.
     */
    void setRoutes(int fromPin, int toPin, long routeReg, int targetVcpu) {
        if (route == null && (int) routeReg == 0 && targetVcpu == 0) {
            return;
        }
        for (int pin = fromPin; pin < toPin; pin++) {
            if (!isMade(pin)) {
                setRoute(pin, routeReg, targetVcpu);
            }
        }
    }

    /** The SPI's object with this state: {@link Vgic} keeps it from now on. */
    VgicIrq make(int pin) {
        made[pin >>> 6] |= 1L << pin;
        VgicIrq irq = new VgicIrq(32 + pin, priority[pin] & 0xff, target(pin));
        irq.edge = edge(pin);
        irq.routeReg = route == null ? 0 : route[pin] & 0xffff_ffffL;
        irq.group = group(pin);
        return irq;
    }
}
