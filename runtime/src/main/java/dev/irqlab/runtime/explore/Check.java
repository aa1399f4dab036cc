package dev.irqlab.runtime.explore;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A property the explorer checks after every run. */
public enum Check {
    /** No device event is left unserved ({@code lost} = 0). */
    NO_LOST("no-lost"),
    /** No guest handler found nothing to do ({@code spurious} = 0): no stale re-injection. */
    NO_SPURIOUS("no-spurious"),
    /**
     * No wedge: at the end (after the drain) no device still asserts its line while the host keeps
     * its interrupt masked (vfio's automask, or the host irq masked or disabled) — masked forever.
     */
    NO_WEDGE("no-wedge");

    private final String label;

    Check(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The checks a run gets when none are named: the invariants that need no expectation. */
    public static Set<Check> invariants() {
        return EnumSet.of(NO_LOST, NO_WEDGE);
    }

    /** A comma-separated list of labels; an unknown one is an {@link IllegalArgumentException} listing the allowed. */
    public static Set<Check> parse(String list) {
        Set<Check> out = EnumSet.noneOf(Check.class);
        for (String word : list.split(",")) {
            String w = word.trim();
            out.add(Arrays.stream(values()).filter(c -> c.label.equals(w)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown check '" + w + "'; allowed: "
                            + Arrays.stream(values()).map(Check::label).collect(Collectors.joining(", ")))));
        }
        return out;
    }
}
