package dev.irqlab.gic.arch;

/**
 * The distributor state of one SPI of a physical GIC, as values (IHI 0048B 3.2.4, IHI 0069 4.1.2):
 * GICD_ISENABLER, the derived pending bit GICD_ISPENDR reads, GICD_ISACTIVER, the edge or software
 * pending latch, the input line, GICD_ICFGR (edge), GICD_IPRIORITYR and the routing register
 * (GICD_ITARGETSR byte or GICD_IROUTER).
 */
public record GicSpi(int intid, boolean enabled, boolean pending, boolean active, boolean latch, boolean line,
        boolean edge, int priority, long route) {

    public GicIrqState state() {
        return GicIrqState.of(active, pending);
    }
}
