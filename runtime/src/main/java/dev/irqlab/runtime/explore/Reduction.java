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
    DPOR("dpor");

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
        throw new IllegalArgumentException("unknown reduction '" + word + "'; allowed: none, dpor");
    }
}
