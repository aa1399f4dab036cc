package dev.irqlab.runtime.explore;

import java.util.Comparator;
import java.util.List;

/**
 * A violation the exploration found: the schedule it first appeared with (the smallest violating one
 * in {@link #ORDER}), the schedule left after minimisation, and what the minimised run violates.
 */
public record Counterexample(List<Integer> found, List<Integer> minimised, List<String> violations) {

    /** Fewer deviations from the plain run first, then fewer choices, then the lexicographically smaller. */
    public static final Comparator<List<Integer>> ORDER = Comparator
            .<List<Integer>>comparingLong(c -> c.stream().filter(x -> x != 0).count())
            .thenComparingInt(List::size)
            .thenComparing((a, b) -> {
                for (int i = 0; i < a.size(); i++) {
                    int d = Integer.compare(a.get(i), b.get(i));
                    if (d != 0) {
                        return d;
                    }
                }
                return 0;
            });

    public Counterexample {
        found = List.copyOf(found);
        minimised = List.copyOf(minimised);
        violations = List.copyOf(violations);
    }

    public long deviations() {
        return minimised.stream().filter(x -> x != 0).count();
    }
}
