package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The explore progress line, on a clock the test moves. */
class ExploreProgressTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final StringWriter out = new StringWriter();
    private final ExploreCommand.Progress progress = new ExploreCommand.Progress(new PrintWriter(out), false, now::get);

    @Test
    void theLastLineShowsTheFinalCountsNotTheLastSecondsOnes() {
        now.addAndGet(1_500_000_000L);
        progress.schedule(78, 78, 0); // shown: a second has passed
        now.addAndGet(300_000_000L);
        progress.schedule(200, 200, 0); // not shown: within the second
        now.addAndGet(400_000_000L);
        progress.done(243, 243, 1);
        String[] shown = out.toString().split("\r");
        assertEquals(3, shown.length, out.toString()); // "", the 78 line, the final line
        assertTrue(shown[1].startsWith("explore: 78 schedules, 78 runs, 0 violating, 52 runs/s"), shown[1]);
        assertTrue(shown[2].startsWith("explore: 243 schedules, 243 runs, 1 violating, 110 runs/s"), shown[2]);
        assertTrue(shown[2].endsWith(System.lineSeparator()), shown[2]);
    }

    @Test
    void aShortExplorationPrintsNothing() {
        now.addAndGet(900_000_000L);
        progress.schedule(12, 12, 0);
        progress.done(12, 12, 0);
        assertEquals("", out.toString());
    }

    @Test
    void quietPrintsNothing() {
        ExploreCommand.Progress q = new ExploreCommand.Progress(new PrintWriter(out), true, now::get);
        now.addAndGet(3_000_000_000L);
        q.schedule(78, 78, 0);
        q.done(243, 243, 0);
        assertEquals("", out.toString());
    }
}
