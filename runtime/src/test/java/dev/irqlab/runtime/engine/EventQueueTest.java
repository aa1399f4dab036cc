package dev.irqlab.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.sim.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    @DisplayName("events run in time order, and in insertion order at the same instant")
    void ordersByTimeThenInsertion() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        q.schedule(30, "c", () -> ran.add("c@" + q.now()));
        q.schedule(10, "a1", () -> ran.add("a1@" + q.now()));
        q.schedule(20, "b", () -> ran.add("b@" + q.now()));
        q.schedule(10, "a2", () -> ran.add("a2@" + q.now()));
        q.schedule(10, "a3", () -> ran.add("a3@" + q.now()));
        q.runUntil(Long.MAX_VALUE, false);
        assertEquals(List.of("a1@10", "a2@10", "a3@10", "b@20", "c@30"), ran);
    }

    @Test
    @DisplayName("an event scheduled for now from inside an action runs after those already queued for now")
    void sameInstantFromInsideRunsLast() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        q.schedule(5, "first", () -> {
            ran.add("first");
            q.schedule(0, "nested", () -> ran.add("nested"));
        });
        q.schedule(5, "second", () -> ran.add("second"));
        q.runUntil(100, false);
        assertEquals(List.of("first", "second", "nested"), ran);
    }

    @Test
    @DisplayName("a cancelled event never runs and a run event cannot be cancelled")
    void cancellation() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        Timer t = q.schedule(10, "x", () -> ran.add("x"));
        Timer u = q.schedule(5, "y", () -> ran.add("y"));
        assertTrue(t.isPending());
        t.cancel();
        assertFalse(t.isPending());
        q.runUntil(100, false);
        assertEquals(List.of("y"), ran);
        assertFalse(u.isPending());
        u.cancel();
        assertEquals(1, q.dispatched());
    }

    @Test
    @DisplayName("runUntil stops before later events and can advance the clock to the end time")
    void runUntilBoundary() {
        EventQueue q = new EventQueue();
        List<Long> ran = new ArrayList<>();
        q.schedule(10, "a", () -> ran.add(q.now()));
        q.schedule(11, "b", () -> ran.add(q.now()));
        assertEquals(1, q.runUntil(10, true));
        assertEquals(10, q.now());
        assertEquals(11, q.nextDueTime());
        q.runUntil(50, true);
        assertEquals(50, q.now());
        assertEquals(List.of(10L, 11L), ran);
    }

    @Test
    @DisplayName("negative delays and times in the past are refused")
    void refusesThePast() {
        EventQueue q = new EventQueue();
        q.schedule(10, "a", () -> { });
        q.runUntil(10, true);
        assertThrows(IllegalArgumentException.class, () -> q.schedule(-1, "neg", () -> { }));
        assertThrows(IllegalArgumentException.class, () -> q.scheduleAt(9, "past", () -> { }));
    }

    @Test
    @DisplayName("a large random schedule comes out sorted by (time, sequence)")
    void heapPropertyUnderLoad() {
        EventQueue q = new EventQueue();
        SplittableRandom r = new SplittableRandom(7);
        long[] lastTime = {-1};
        long[] lastSeqAtTime = {-1};
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long t = r.nextLong(1_000);
            long seq = i;
            q.scheduleAt(t, "e", () -> out.add(new long[] {q.now(), seq}));
        }
        q.runUntil(Long.MAX_VALUE, false);
        assertEquals(20_000, out.size());
        for (long[] e : out) {
            assertTrue(e[0] > lastTime[0] || (e[0] == lastTime[0] && e[1] > lastSeqAtTime[0]));
            lastTime[0] = e[0];
            lastSeqAtTime[0] = e[1];
        }
    }
    @Test
    @DisplayName("posted events, whose entries are reused once run, keep (time, sequence) order with scheduled ones")
    void postedEventsInterleaveWithScheduledOnesInQueueOrder() {
        EventQueue q = new EventQueue();
        SplittableRandom r = new SplittableRandom(11);
        List<String> ran = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<Timer> cancelled = new ArrayList<>();
        // Rounds of events at the instants 100 * round + 0..9: each round is queued from an event of the
        // round before, so the entries its posts get are the ones that round's posts freed.
        Runnable[] round = new Runnable[1];
        int[] n = {0};
        round[0] = () -> {
            int k = n[0]++;
            List<long[]> due = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                long at = 100L * (k + 1) + r.nextLong(10);
                String name = k + "." + i;
                int kind = r.nextInt(3);
                if (kind == 0) {
                    q.postAt(at, name, () -> ran.add(name + "@" + q.now()));
                } else if (kind == 1) {
                    q.scheduleAt(at, name, () -> ran.add(name + "@" + q.now()));
                } else {
                    cancelled.add(q.scheduleAt(at, name, () -> ran.add("cancelled " + name)));
                    continue;
                }
                due.add(new long[] {at, i});
            }
            due.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            due.forEach(d -> expected.add(k + "." + d[1] + "@" + d[0]));
            if (k < 50) {
                q.postAt(100L * (k + 1) + 50, "next round", round[0]);
            }
            cancelled.forEach(Timer::cancel);
            cancelled.clear();
        };
        q.post(0, "first round", round[0]);
        q.runUntil(Long.MAX_VALUE, false);
        assertEquals(expected, ran);
        assertEquals(0, q.queued());
    }

    @Test
    @DisplayName("a handle of an event that ran or was dropped neither reports nor cancels the later event in its slot")
    void handleOfAnEarlierEventLeavesTheSlotsNextEventAlone() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        Timer first = q.schedule(10, "first", () -> ran.add("first"));
        q.runUntil(10, false);
        // the slot "first" had is free again: the next event takes it
        Timer second = q.schedule(5, "second", () -> ran.add("second"));
        assertFalse(first.isPending());
        first.cancel();
        assertTrue(second.isPending());
        second.cancel();
        q.runUntil(100, true); // drops "second" and frees its slot
        Timer third = q.schedule(5, "third", () -> ran.add("third"));
        second.cancel();
        assertFalse(second.isPending());
        assertTrue(third.isPending());
        assertEquals(105, third.dueTime());
        assertEquals("third@105", third.toString());
        q.runUntil(200, false);
        assertEquals(List.of("first", "third"), ran);
    }

    @Test
    @DisplayName("an event is not pending while it runs, and may queue its successor then")
    void notPendingWhileRunning() {
        EventQueue q = new EventQueue();
        List<String> seen = new ArrayList<>();
        Timer[] self = new Timer[1];
        self[0] = q.schedule(10, "self", () -> {
            seen.add("pending while running: " + self[0].isPending());
            q.post(0, "successor", () -> seen.add("successor@" + q.now()));
        });
        q.runUntil(100, false);
        assertEquals(List.of("pending while running: false", "successor@10"), seen);
    }

    @Test
    @DisplayName("a chain of events, each queueing the next, keeps (time, sequence) order with earlier, equal and cancelled ones")
    void chainInterleavesWithQueuedEvents() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        Timer far = q.schedule(100, "far", () -> ran.add("far@" + q.now()));
        Runnable[] link = new Runnable[1];
        int[] n = {0};
        link[0] = () -> {
            int k = n[0]++;
            ran.add("link" + k + "@" + q.now());
            if (k == 1) {
                // queued after the chain's next link, due before it: it runs first
                q.post(5, "next", link[0]);
                q.post(3, "early", () -> ran.add("early@" + q.now()));
            } else if (k == 2) {
                Timer dropped = q.schedule(1, "dropped", () -> ran.add("dropped"));
                q.post(1, "same instant, queued after", () -> ran.add("after@" + q.now()));
                dropped.cancel();
                q.post(10, "next", link[0]);
            } else if (k < 4) {
                q.post(10, "next", link[0]);
            }
        };
        q.post(10, "first", link[0]);
        assertEquals(2, q.queued());
        assertEquals(10, q.nextDueTime());
        assertTrue(q.step());
        assertEquals(List.of("link0@10"), ran);
        q.runUntil(Long.MAX_VALUE, false);
        assertEquals(List.of("link0@10", "link1@20", "early@23", "link2@25", "after@26", "link3@35", "link4@45",
                "far@100"), ran);
        assertFalse(far.isPending());
        assertEquals(0, q.queued());
        assertFalse(q.step());
    }

    @Test
    @DisplayName("a run control stops before the event past its bound and is asked every CHECK_EVERY events")
    void runControlBoundAndCheckpoints() {
        EventQueue q = new EventQueue();
        List<Long> asked = new ArrayList<>();
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> q.post(1, "tick", tick[0]);
        q.post(1, "tick", tick[0]);
        RunControl control = new RunControl(2_500, (now, events) -> {
            asked.add(events);
            return java.util.Optional.empty();
        });
        assertEquals(1_000, q.runUntil(1_000, false, control));
        assertEquals(1_500, q.runUntil(Long.MAX_VALUE, false, control));
        assertEquals(2_500, q.dispatched());
        assertEquals(List.of(0L, 1_024L, 2_048L), asked);
        assertEquals(java.util.Optional.of("--max-events 2500 reached"), control.stopped());
        assertEquals(0, q.runUntil(Long.MAX_VALUE, false, control));
    }
}
