package dev.irqlab.runtime.explore;

/** How the explorer prunes schedules that only reorder independent events. */
public enum Reduction {
    /** Every order of every choice point within the bounds. */
    NONE("none"),
    /**
     * Dynamic partial-order reduction (Flanagan and Godefroid, POPL 2005): after each run, for every
     * pair of events of different actors at one instant that touched common state and are not
     * ordered by happens-before, the other order is scheduled at the choice point before the first
     * (a backtrack point); other alternatives are not run. See {@link Explorer} for the dependency.
     */
    DPOR("dpor"),
    /**
     * Source-set DPOR with sleep sets (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014): for each
     * race only one initial of its reversal is added ({@link SourceSets}), and sleep sets keep any
     * two explored schedules from being equivalent (the same order of every dependent pair); a run
     * that reaches a state whose enabled events are all asleep stops early and is not a schedule.
     */
    SOURCE("source"),
    /**
     * Optimal DPOR (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014, Algorithm 2): source-set DPOR
     * whose choice points keep, instead of one initial per race, the whole reversing sequence in a
     * wakeup tree ({@link WakeupTree}), which the next run there follows; so no run is blocked by its
     * sleep set, and no two explored schedules are equivalent.
     */
    OPTIMAL("optimal");

    private final String label;

    Reduction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Reduction parse(String word) {
        for (Reduction r : values()) {
            if (r.label.equals(word)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + word + "'; allowed: none, dpor, source, optimal");
    }
}
