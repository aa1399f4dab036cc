package dev.irqlab.runtime.report;

import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects the trace of a run as round trips for the report's timeline: a round trip starts when a
 * device asserts its interrupt and holds every event until the next assert (or the end of the
 * run). It is anomalous when a driver found nothing ({@code DriverOutcome} with no event served:
 * the spurious re-injection) or a handler returned {@code IRQ_NONE}. Kept in memory: the round trips
 * of a {@link RoundTripWindow} (by default the first {@link #FIRST}; a user steps through the rest with
 * further windows) and up to {@link #MAX_ANOMALOUS} anomalous ones (the rest are counted), each with
 * at most {@link #MAX_EVENTS} events, so a long run costs bounded memory: a longer round trip keeps its
 * first {@link #HEAD} and its last {@link #MAX_EVENTS}{@code  - }{@link #HEAD} events (where a storm's
 * anomaly is: the round trip ends when it is over) and counts those between, which the page says it
 * does not draw.
 */
final class RoundTrips {

    static final int FIRST = 3;
    static final int MAX_ANOMALOUS = 50;
    static final int MAX_EVENTS = 400;
    /** Of a longer round trip, the first events kept; the rest of {@link #MAX_EVENTS} are its last. */
    static final int HEAD = 200;

    /**
     * One round trip: its number (from 1), its start, the events kept (time order), whether it went
     * wrong, and how many events between the first {@link #HEAD} and the last ones it does not keep.
     */
    record RoundTrip(int number, long start, List<Lanes.Placed> events, boolean anomalous, int omitted) {

        boolean truncated() {
            return omitted > 0;
        }

        /** All its events, kept or not. */
        int eventCount() {
            return events.size() + omitted;
        }
    }

    private final Lanes lanes;
    private final RoundTripWindow window;
    private final List<RoundTrip> kept = new ArrayList<>();
    private int total;
    private int anomalousTotal;
    private int anomalousKept;

    private int number;
    private long start;
    private List<Lanes.Placed> current;
    /** The last events after the first {@link #HEAD}, a ring of {@code MAX_EVENTS - HEAD}. */
    private final Lanes.Placed[] tail = new Lanes.Placed[MAX_EVENTS - HEAD];
    private int tailed;
    private boolean anomalous;

    RoundTrips(Set<String> devices, RoundTripWindow window) {
        this.lanes = new Lanes(devices);
        this.window = window;
    }

    void add(TraceEvent e) {
        if (e instanceof TraceEvent.SpanBegin || e instanceof TraceEvent.SpanEnd) {
            return;
        }
        if (e instanceof TraceEvent.DeviceAsserted) {
            finish();
            number++;
            total++;
            start = e.time();
            current = new ArrayList<>();
            anomalous = false;
            tailed = 0;
        }
        if (current == null) {
            return; // set-up before the first interrupt
        }
        if ((e instanceof TraceEvent.DriverOutcome o && o.spurious())
                || (e instanceof TraceEvent.HandlerRan h && h.result() == IrqReturn.NONE)) {
            anomalous = true;
        }
        if (current.size() < HEAD) {
            current.add(lanes.place(e));
        } else {
            tail[tailed++ % tail.length] = lanes.place(e);
        }
    }

    /** Closes the open round trip; call once at the end of the run. */
    void finish() {
        if (current == null) {
            return;
        }
        if (anomalous) {
            anomalousTotal++;
        }
        boolean keep = window.contains(number) || (anomalous && anomalousKept < MAX_ANOMALOUS);
        if (keep) {
            if (anomalous && !window.contains(number)) {
                anomalousKept++;
            }
            int last = Math.min(tailed, tail.length);
            for (int i = tailed - last; i < tailed; i++) {
                current.add(tail[i % tail.length]);
            }
            kept.add(new RoundTrip(number, start, List.copyOf(current), anomalous, tailed - last));
        }
        current = null;
        java.util.Arrays.fill(tail, null);
    }

    List<RoundTrip> kept() {
        return List.copyOf(kept);
    }

    RoundTripWindow window() {
        return window;
    }

    int total() {
        return total;
    }

    int anomalousTotal() {
        return anomalousTotal;
    }
}
