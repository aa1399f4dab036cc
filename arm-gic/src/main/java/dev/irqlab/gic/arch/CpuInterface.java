package dev.irqlab.gic.arch;

/**
 * One CPU interface (GICv2 GICC_*, IHI 0048B 4.4; GICv3 ICC_*_EL1, IHI 0069 8.2): the priority mask,
 * the active priorities (running priority) and the EOI mode.
 *
 * <p>Acknowledge (GICC_IAR / ICC_IAR1_EL1) takes the highest-priority pending interrupt whose priority
 * is higher than both the priority mask and the running priority, makes it active and pushes its
 * priority. EOImode 0: a write to EOIR drops the running priority <em>and</em> deactivates. EOImode 1:
 * EOIR only drops the priority, DIR deactivates (IHI 0048B 3.2.1 / 4.4.5 / 4.4.15, IHI 0069 4.1.1).
 */
public final class CpuInterface {

    /** GICC_PMR / ICC_PMR_EL1 value Linux programs: {@code GICC_INT_PRI_THRESHOLD} / {@code DEFAULT_PMR_VALUE} 0xf0. */
    public static final int LINUX_PMR = 0xf0;
    /** Running priority when nothing is active (IHI 0048B 4.4.6: idle priority 0xff). */
    public static final int IDLE = 0xff;

    final int cpu;
    private final ActivePriorities activePriorities = new ActivePriorities();
    int pmr = LINUX_PMR;
    int eoiMode;

    CpuInterface(int cpu, int eoiMode) {
        this.cpu = cpu;
        this.eoiMode = eoiMode;
    }

    /** GICC_RPR / ICC_RPR_EL1. */
    int runningPriority() {
        return activePriorities.runningPriority(IDLE);
    }

    /** Whether an interrupt of this priority may be signalled now (priority mask and preemption). */
    boolean admits(int priority) {
        return priority < pmr && priority < runningPriority();
    }

    void pushActive(int intid, int priority) {
        activePriorities.push(intid, priority);
    }

    /**
     * Priority drop for an EOIR write. The architecture expects EOIs in the reverse order of the
     * acknowledges; returns false when the INTID is not the most recent active one (then the
     * matching entry, if any, is removed: IHI 0048B 3.2.1 calls the other case UNPREDICTABLE).
     */
    boolean dropPriority(int intid) {
        if (activePriorities.popIf(intid)) {
            return true;
        }
        activePriorities.removeAll(intid);
        return false;
    }

    boolean hasActivePriority(int intid) {
        return activePriorities.contains(intid);
    }

    /** ICC_AP1R0_EL1-like view: number of active priorities held. */
    int activePriorityCount() {
        return activePriorities.size();
    }
}
