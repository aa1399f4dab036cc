package dev.irqlab.gic.arch;

/**
 * The distributor state of one SPI of a physical GIC (IHI 0048B 3.2.4 "Interrupt handling state
 * machine", IHI 0069 4.1.2): enable, the edge/software pending latch, the input line, active, the
 * configuration, priority and route.
 *
 * <p>Pending is derived: an edge-triggered SPI is pending while its latch is set (set on a rising
 * edge or by GICD_ISPENDR, cleared by acknowledge or GICD_ICPENDR); a level-sensitive SPI is pending
 * while its line is asserted <em>or</em> while latched by GICD_ISPENDR (IHI 0048B 3.2.4 and 4.3.7:
 * "for a level-sensitive interrupt ... pending ... if the interrupt signal is asserted, or ... a
 * write to GICD_ISPENDR").
 */
final class SpiState {

    final int intid;
    boolean enabled;
    boolean latch;
    boolean line;
    boolean active;
    boolean edge;
    int priority;
    long route;
    /** The CPU interface that acknowledged it while active, or -1. */
    int activeCpu = -1;
    /**
     * While it is a candidate (enabled, pending, inactive): the priority and CPUs it is counted under in
     * the distributor's per-CPU bound ({@code Distributor.lowestCandidatePriority}); -1 otherwise.
     */
    int countedPriority = -1;
    long countedTargets;
    /** Whether it is counted as 1 of N ({@code Distributor.oneOfN}) under {@link #countedTargets}. */
    boolean countedOneOfN;

    SpiState(int intid, int priority, long route) {
        this.intid = intid;
        this.priority = priority;
        this.route = route;
    }

    boolean pending() {
        return latch || (!edge && line);
    }

    /** Its state as values. */
    GicSpi snapshot() {
        return new GicSpi(intid, enabled, pending(), active, latch, line, edge, priority, route);
    }

    /** The fields traced on every change, with the project's standard names, in trace order. */
    static final String[] TRACED = {"line", "enabled", "pending", "active"};

    /** The values of {@link #TRACED}: bit i is field i. */
    int traced() {
        return (line ? 1 : 0) | (enabled ? 2 : 0) | (pending() ? 4 : 0) | (active ? 8 : 0);
    }
}
