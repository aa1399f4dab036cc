package dev.irqlab.runtime.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * A set of data event numbers as a paged bit set: a device numbers its events 1, 2, 3, ..., so
 * ten million events take about 1.2 MB.
 */
final class EventNumberSet {

    private static final int PAGE_BITS = 1 << 16;

    private final Map<Long, long[]> pages = new HashMap<>();

    /** Adds {@code n}; true if it was not in the set. */
    boolean add(long n) {
        long[] page = pages.computeIfAbsent(Math.floorDiv(n, PAGE_BITS), k -> new long[PAGE_BITS / 64]);
        int bit = (int) Math.floorMod(n, (long) PAGE_BITS);
        long mask = 1L << (bit & 63);
        boolean absent = (page[bit >>> 6] & mask) == 0;
        page[bit >>> 6] |= mask;
        return absent;
    }

    boolean contains(long n) {
        long[] page = pages.get(Math.floorDiv(n, PAGE_BITS));
        if (page == null) {
            return false;
        }
        int bit = (int) Math.floorMod(n, (long) PAGE_BITS);
        return (page[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
