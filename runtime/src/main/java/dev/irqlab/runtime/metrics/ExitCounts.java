package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A count per exit cause, every cause label in {@link ExitCause} order, as an immutable map over a
 * copy of the counts: what {@link RunMetrics#everyCause} makes of a map, without a map built per run
 * and copied again (the collector's tallies are already arrays by ordinal).
 */
final class ExitCounts extends AbstractMap<String, Long> {

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

    private static int ordinal(Object label) {
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
    public boolean containsKey(Object key) {
        return ordinal(key) >= 0;
    }

    @Override
    public Long get(Object key) {
        int i = ordinal(key);
        return i < 0 ? null : byOrdinal[i];
    }

    @Override
    public Set<Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return CAUSES.length;
            }

            @Override
            public Iterator<Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < CAUSES.length;
                    }

                    @Override
                    public Entry<String, Long> next() {
                        if (next >= CAUSES.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(CAUSES[i].label(), byOrdinal[i]);
                    }
                };
            }
        };
    }
}
