package dev.irqlab.runtime.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A set of data event numbers as a paged bit set: a device numbers its events 1, 2, 3, ..., so
 * ten million events take about 1.2 MB. A page grows to the highest number set in it, so a short run
 * (a few events per device, the explorer's and the matrix's case) does not clear 8 KB per set.
 */
final class EventNumberSet {

    private static final int PAGE_BITS = 1 << 16;
    private static final int PAGE_WORDS = PAGE_BITS / 64;
    private static final int FIRST_WORDS = 2;

    /**
     * The page of numbers 0 to {@code PAGE_BITS - 1} (a run's devices rarely number past it), and the
     * other pages by key, the map made for the first of them.
     */
    private long[] firstPage;
    private Map<Long, long[]> pages;
    /** The page used last and its key (numbers arrive mostly in order: saves the map look-up). */
    private long[] lastPage;
    private long lastKey;

    /** Adds {@code n}; true if it was not in the set. */
    boolean add(long n) {
        long key = Math.floorDiv(n, PAGE_BITS);
        long[] page = lastPage;
        if (page == null || lastKey != key) {
            page = page(key);
            if (page == null) {
                page = new long[FIRST_WORDS];
                store(key, page);
            }
            lastPage = page;
            lastKey = key;
        }
        int bit = (int) Math.floorMod(n, (long) PAGE_BITS);
        int word = bit >>> 6;
        if (word >= page.length) {
            page = Arrays.copyOf(page, Math.min(PAGE_WORDS, Math.max(word + 1, 2 * page.length)));
            store(key, page);
            lastPage = page;
        }
        long mask = 1L << (bit & 63);
        boolean absent = (page[word] & mask) == 0;
        page[word] |= mask;
        return absent;
    }

    private long[] page(long key) {
        return key == 0 ? firstPage : pages == null ? null : pages.get(key);
    }

    private void store(long key, long[] page) {
        if (key == 0) {
            firstPage = page;
        } else {
            if (pages == null) {
                pages = new HashMap<>();
            }
            pages.put(key, page);
        }
    }

    boolean contains(long n) {
        long key = Math.floorDiv(n, PAGE_BITS);
        long[] page = lastPage != null && lastKey == key ? lastPage : page(key);
        if (page == null) {
            return false;
        }
        int bit = (int) Math.floorMod(n, (long) PAGE_BITS);
        int word = bit >>> 6;
        return word < page.length && (page[word] & (1L << (bit & 63))) != 0;
    }
}
