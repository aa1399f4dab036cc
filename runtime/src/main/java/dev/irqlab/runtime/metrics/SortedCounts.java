package dev.irqlab.runtime.metrics;

import java.util.Arrays;

/**
 * Counts by name, sorted by name, read-only: what {@link MetricsCollector#finish} hands {@link RunMetrics}
 * for the drivers' outcomes and the message keys, two arrays sorted once instead of a {@code TreeMap}
 * and its read-only view built per run (a run has a few names: one driver, one or two message keys).
 * Equal to, and printed as, the {@code TreeMap} of the same counts.
 */
final class SortedCounts extends IndexedCounts {

    private final String[] keys;
    private final long[] counts;

    private SortedCounts(String[] keys, long[] counts) {
        this.keys = keys;
        this.counts = counts;
    }

    /**
     * The first {@code n} of {@code keys} with their {@code counts}, which this takes and sorts by key
     * ({@link String#compareTo}, as a {@code TreeMap} orders them).
     *
     * @throws IllegalArgumentException when a key comes twice
     */
    static SortedCounts of(String[] keys, long[] counts, int n) {
        String[] k = keys.length == n ? keys : Arrays.copyOf(keys, n);
        long[] c = counts.length == n ? counts : Arrays.copyOf(counts, n);
        for (int i = 1; i < n; i++) { // insertion sort: a few keys
            String key = k[i];
            long count = c[i];
            int j = i - 1;
            while (j >= 0 && k[j].compareTo(key) > 0) {
                k[j + 1] = k[j];
                c[j + 1] = c[j];
                j--;
            }
            if (j >= 0 && k[j].equals(key)) {
                throw new IllegalArgumentException("key \"" + key + "\" twice");
            }
            k[j + 1] = key;
            c[j + 1] = count;
        }
        return new SortedCounts(k, c);
    }

    @Override
    int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    String key(int i) {
        return keys[i];
    }

    @Override
    long count(int i) {
        return counts[i];
    }
}
