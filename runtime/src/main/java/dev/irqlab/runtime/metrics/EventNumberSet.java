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
    /** The page used last and its key (numbers arrive mostly in order: saves the map look-up). */
    private long[] lastPage;
    private long lastKey;

    /** Adds {@code n}; true if it was not in the set. */
    boolean add(long n) {
        long key = Math.floorDiv(n, PAGE_BITS);
        long[] page = lastPage;
        if (page == null || lastKey != key) {
            page = pages.computeIfAbsent(key, k -> new long[PAGE_BITS / 64]);
            lastPage = page;
            lastKey = key;
        }
        int bit = (int) Math.floorMod(n, (long) PAGE_BITS);
        long mask = 1L << (bit & 63);
        boolean absent = (page[bit >>> 6] & mask) == 0;
        page[bit >>> 6] |= mask;
        return absent;
    }

    boolean contains(long n) {
        long key = Math.floorDiv(n, PAGE_BITS);
        long[] page = lastPage != null && lastKey == key ? lastPage : pages.get(key);
        if (page == null) {
            return false;
        }
        int bit = (int) Math.floorMod(n, (long) PAGE_BITS);
        return (page[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
