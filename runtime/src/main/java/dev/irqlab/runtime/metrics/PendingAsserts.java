package dev.irqlab.runtime.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Assert times of data events not yet served, paged by event number; a page is freed as soon as
 * every event recorded in it is served, so memory follows the backlog, not the run length.
 */
final class PendingAsserts {

    private static final int PAGE = 1024;

    private static final class Page {
        final long[] times = new long[PAGE];
        int outstanding;
    }

    private final Map<Long, Page> pages = new HashMap<>();

    void put(long event, long time) {
        Page p = pages.computeIfAbsent(Math.floorDiv(event, PAGE), k -> new Page());
        p.times[(int) Math.floorMod(event, (long) PAGE)] = time;
        p.outstanding++;
    }

    /** The assert time of {@code event}, which the caller knows is pending; forgets it. */
    long take(long event) {
        long key = Math.floorDiv(event, PAGE);
        Page p = pages.get(key);
        if (p == null) {
            throw new IllegalStateException("no pending assert time for data event " + event);
        }
        long t = p.times[(int) Math.floorMod(event, (long) PAGE)];
        if (--p.outstanding == 0) {
            pages.remove(key);
        }
        return t;
    }
}
