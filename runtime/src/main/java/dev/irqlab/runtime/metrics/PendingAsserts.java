package dev.irqlab.runtime.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Assert times of data events not yet served, paged by event number; a page is freed as soon as
 * every event recorded in it is served, so memory follows the backlog, not the run length.
 * The page {@link #put} writes to ({@link #current}) is kept aside from the map and reused while it
 * empties and fills again (events are asserted in order and usually served before the next one), so
 * memory is the backlog plus at most one page.
 */
final class PendingAsserts {

    private static final int PAGE = 1024;

    /**
     * A page's times, grown to the highest slot written (a short run's few events take a few slots;
     * its 20 or a burst device's 10 fit the first 32 without a copy).
     */
    private static final class Page {
        long[] times = new long[32];
        int outstanding;

        void put(int slot, long time) {
            if (slot >= times.length) {
                times = Arrays.copyOf(times, Math.min(PAGE, Math.max(slot + 1, 2 * times.length)));
            }
            times[slot] = time;
        }
    }

    /** Pages other than {@link #current} that still hold unserved events; made for the first of them. */
    private Map<Long, Page> pages;
    private Page current;
    private long currentKey;

    void put(long event, long time) {
        long key = Math.floorDiv(event, PAGE);
        if (current == null || currentKey != key) {
            Page p = pages == null ? null : pages.remove(key);
            if (current != null && current.outstanding > 0) {
                if (pages == null) {
                    pages = new HashMap<>();
                }
                pages.put(currentKey, current);
            } else if (p == null) {
                p = current; // empty: reuse it (only slots written since are ever read)
            }
            current = p == null ? new Page() : p;
            currentKey = key;
        }
        current.put((int) Math.floorMod(event, (long) PAGE), time);
        current.outstanding++;
    }

    /** The assert time of {@code event}, which the caller knows is pending; forgets it. */
    long take(long event) {
        long key = Math.floorDiv(event, PAGE);
        boolean isCurrent = current != null && currentKey == key;
        Page p = isCurrent ? current : pages == null ? null : pages.get(key);
        if (p == null || p.outstanding == 0) {
            throw new IllegalStateException("no pending assert time for data event " + event);
        }
        long t = p.times[(int) Math.floorMod(event, (long) PAGE)];
        if (--p.outstanding == 0 && !isCurrent) {
            pages.remove(key);
        }
        return t;
    }
}
