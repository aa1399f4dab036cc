package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;

/**
 * A count per exit cause, every cause label in {@link ExitCause} order, as an immutable map over a
 * copy of the counts: what {@link RunMetrics#everyCause} makes of a map, without a map built per run
 * and copied again (the collector's tallies are already arrays by ordinal).
 */
final class ExitCounts extends IndexedCounts {

    private static final ExitCause[] CAUSES = ExitCause.values();

    private final long[] byOrdinal;

    private ExitCounts(long[] byOrdinal) {
        this.byOrdinal = byOrdinal;
    }

    /** The counts of {@code byOrdinal}, index {@link ExitCause#ordinal()}, copied. */
    static ExitCounts of(long[] byOrdinal) {
        if (byOrdinal.length != CAUSES.length) {
            throw new IllegalArgumentException(byOrdinal.length + " counts for " + CAUSES.length + " exit causes");
        }
        return new ExitCounts(byOrdinal.clone());
    }

    @Override
    int indexOf(Object label) {
        for (ExitCause c : CAUSES) {
            if (c.label().equals(label)) {
                return c.ordinal();
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return CAUSES.length;
    }

    @Override
    String key(int i) {
        return CAUSES[i].label();
    }

    @Override
    long count(int i) {
        return byOrdinal[i];
    }
}
