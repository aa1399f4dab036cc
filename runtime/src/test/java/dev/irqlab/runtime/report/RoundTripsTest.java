package dev.irqlab.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.TraceEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the report keeps of a round trip, and what its text says it shows. */
class RoundTripsTest {

    private static TraceEvent message(long t) {
        return new TraceEvent.KernelMessage(t, "host", "k", "m" + t);
    }

    @Test
    void aLongRoundTripKeepsItsFirstAndItsLastEventsAndCountsTheOnesBetween() {
        RoundTrips trips = new RoundTrips(Set.of("dev"), RoundTripWindow.DEFAULT);
        trips.add(new TraceEvent.DeviceAsserted(0, "dev", 1));
        for (long t = 1; t < 1000; t++) {
            trips.add(message(t));
        }
        trips.finish();
        RoundTrips.RoundTrip rt = trips.kept().get(0);
        assertEquals(1000, rt.eventCount());
        assertEquals(RoundTrips.MAX_EVENTS, rt.events().size());
        assertEquals(1000 - RoundTrips.MAX_EVENTS, rt.omitted());
        List<Long> times = rt.events().stream().map(p -> p.event().time()).toList();
        assertEquals(RoundTrips.HEAD - 1, times.get(RoundTrips.HEAD - 1), "the first ones in order");
        assertEquals(1000 - (RoundTrips.MAX_EVENTS - RoundTrips.HEAD), times.get(RoundTrips.HEAD),
                "then the last ones, in order");
        assertEquals(999, times.get(times.size() - 1));
    }

    @Test
    void aShortRoundTripKeepsEverything() {
        RoundTrips trips = new RoundTrips(Set.of("dev"), RoundTripWindow.DEFAULT);
        trips.add(new TraceEvent.DeviceAsserted(0, "dev", 1));
        for (long t = 1; t < RoundTrips.MAX_EVENTS; t++) {
            trips.add(message(t));
        }
        trips.finish();
        RoundTrips.RoundTrip rt = trips.kept().get(0);
        assertFalse(rt.truncated());
        assertEquals(RoundTrips.MAX_EVENTS, rt.events().size());
    }

    @Test
    void theShownWindowIsTheRoundTripsThatExist() {
        assertEquals("round trip 1", HtmlReport.shown(RoundTripWindow.DEFAULT, 1));
        assertEquals("round trips 1-2", HtmlReport.shown(RoundTripWindow.DEFAULT, 2));
        assertEquals("round trips 1-3", HtmlReport.shown(RoundTripWindow.DEFAULT, 81));
        assertEquals("round trip 5", HtmlReport.shown(new RoundTripWindow(5, 9), 5));
        assertTrue(HtmlReport.shown(new RoundTripWindow(5, 9), 2).startsWith("no round trip"));
    }
}
