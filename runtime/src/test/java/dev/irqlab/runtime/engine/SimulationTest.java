package dev.irqlab.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Work;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SimulationTest {

    /** A little model with randomness and cascading events, traced as text. */
    private static byte[] runToyModel(long seed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Simulation sim = new Simulation(seed, e -> bytes.writeBytes((e + "\n").getBytes(StandardCharsets.UTF_8)));
        RandomGenerator r = sim.random("device");
        EventFd fd = sim.eventFd("fd");
        Work w = sim.work("w", 100, () -> sim.trace().emit(new TraceEvent.StateChanged(sim.now(), "w", "x", "read",
                "", Long.toString(fd.read()), "work")));
        fd.addWaiter(f -> w.schedule());
        for (int i = 0; i < 200; i++) {
            sim.scheduler().schedule(r.nextLong(10_000), "sig", fd::signal);
        }
        sim.queue().runUntil(Long.MAX_VALUE, false);
        return bytes.toByteArray();
    }

    @Test
    @DisplayName("the same seed gives byte-identical traces; another seed does not")
    void deterministic() {
        byte[] a = runToyModel(42);
        byte[] b = runToyModel(42);
        assertArrayEquals(a, b);
        assertFalse(new String(a, StandardCharsets.UTF_8).isEmpty());
        assertNotEquals(new String(a, StandardCharsets.UTF_8), new String(runToyModel(43), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a direct trace replaces the run's trace for the models that ask for it from then on")
    void traceDirectly() {
        List<String> seen = new ArrayList<>();
        Trace tap = new Trace() {
            @Override
            public void emit(TraceEvent event) {
                seen.add("tap " + event.time());
            }

            @Override
            public boolean wantsDetail() {
                return false;
            }
        };
        Simulation sim = new Simulation(1, tap);
        sim.trace().deviceAsserted(1, "dev", 1);
        assertThrows(IllegalArgumentException.class, () -> sim.traceDirectly(e -> seen.add("detail")),
            "a trace that wants detail where the run's does not");
        sim.traceDirectly(Trace.discard());
        assertEquals(Trace.discard(), sim.trace());
        sim.trace().deviceAsserted(2, "dev", 2);
        assertEquals(List.of("tap 1"), seen);
    }

    @Test
    @DisplayName("random streams depend on seed and stream name only, not on creation order")
    void streamsIndependentOfOrder() {
        Simulation s1 = new Simulation(5, e -> { });
        long a1 = s1.random("a").nextLong();
        long b1 = s1.random("b").nextLong();
        Simulation s2 = new Simulation(5, e -> { });
        long b2 = s2.random("b").nextLong();
        long a2 = s2.random("a").nextLong();
        assertEquals(a1, a2);
        assertEquals(b1, b2);
        assertNotEquals(a1, b1);
    }

    @Test
    @DisplayName("eventfd: signals before a read coalesce into one value; waiters run inside the signal")
    void eventFdCoalesces() {
        Simulation sim = new Simulation(1, e -> { });
        EventFd fd = sim.eventFd("t");
        List<Long> woken = new ArrayList<>();
        fd.addWaiter(f -> woken.add(f.count()));
        fd.signal();
        fd.signal();
        fd.signal();
        assertEquals(List.of(1L, 2L, 3L), woken, "each signal wakes synchronously with the running count");
        assertEquals(3, fd.read());
        assertEquals(0, fd.read(), "a second read finds nothing (EAGAIN)");
    }

    @Test
    @DisplayName("fs/eventfd.c eventfd_signal_mask + kernel/sched/wait.c __wake_up_common: every non-exclusive "
            + "waiter is woken with EPOLLIN even after an earlier one read the counter")
    void readingWaiterDoesNotStopLaterWaiters() {
        Simulation sim = new Simulation(1, e -> { });
        EventFd fd = sim.eventFd("t");
        List<String> order = new ArrayList<>();
        fd.addWaiter(f -> order.add("reader:" + f.read()));
        fd.addWaiter(f -> order.add("late:" + f.count()));
        fd.signal();
        assertEquals(List.of("reader:1", "late:0"), order);
    }

    @Test
    @DisplayName("kernel/sched/wait.c add_wait_queue_priority: an exclusive priority waiter runs first and ends the "
            + "walk; add_wait_queue_priority_exclusive (6.17) refuses a second priority waiter")
    void exclusivePriorityWaiter() {
        Simulation sim = new Simulation(1, e -> { });
        EventFd fd = sim.eventFd("t");
        List<String> order = new ArrayList<>();
        fd.addWaiter(f -> order.add("plain"));
        EventFd.Registration first = fd.addPriorityExclusiveWaiter(f -> order.add("priority")).orElseThrow();
        assertTrue(fd.addPriorityExclusiveWaiter(f -> order.add("second")).isEmpty(), "-EBUSY");
        fd.signal();
        assertEquals(List.of("priority"), order);
        first.remove();
        fd.addPriorityWaiter(f -> order.add("5.11"));
        fd.signal();
        assertEquals(List.of("priority", "5.11"), order);
    }

    @Test
    @DisplayName("work: scheduling a queued item again is a no-op; once started it may be queued again")
    void workCoalesces() {
        Simulation sim = new Simulation(1, e -> { });
        int[] runs = {0};
        Work[] self = new Work[1];
        self[0] = sim.work("w", 10, () -> {
            runs[0]++;
            if (runs[0] == 1) {
                assertTrue(self[0].schedule(), "requeue from inside the function");
            }
        });
        assertTrue(self[0].schedule());
        assertFalse(self[0].schedule());
        assertTrue(self[0].isPending());
        sim.queue().runUntil(Long.MAX_VALUE, false);
        assertEquals(2, runs[0]);
        assertEquals(20, sim.now());
        assertTrue(self[0].schedule());
        assertTrue(self[0].cancel());
        sim.queue().runUntil(Long.MAX_VALUE, false);
        assertEquals(2, runs[0]);
    }

    @Test
    @DisplayName("work: an item cancelled and queued again runs once; its old event's slot, reused, is not its own")
    void workCancelledThenQueuedAgain() {
        Simulation sim = new Simulation(1, e -> { });
        List<String> ran = new ArrayList<>();
        Work w = sim.work("w", 10, () -> ran.add("w@" + sim.now()));
        assertTrue(w.schedule());
        assertTrue(w.cancel());
        assertFalse(w.isPending());
        assertFalse(w.cancel());
        assertTrue(w.schedule(30)); // the cancelled event is still in the heap; this one has a slot of its own
        sim.queue().runUntil(20, true); // drops the cancelled event, freeing its slot
        sim.scheduler().post(0, "other", () -> ran.add("other@" + sim.now())); // takes that slot
        assertTrue(w.isPending());
        sim.queue().runUntil(Long.MAX_VALUE, false);
        assertEquals(List.of("other@20", "w@30"), ran);
        assertFalse(w.isPending());
        assertFalse(w.cancel());
    }
}
