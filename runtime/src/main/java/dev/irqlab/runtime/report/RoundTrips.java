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
 * at most {@link #MAX_EVENTS} events, so a long run costs bounded memory.
 */
final class RoundTrips {

    static final int FIRST = 3;
    static final int MAX_ANOMALOUS = 50;
    static final int MAX_EVENTS = 400;

    /** One round trip: its number (from 1), its start, its events (time order) and whether it went wrong. */
    record RoundTrip(int number, long start, List<Lanes.Placed> events, boolean anomalous, boolean truncated) {
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
    private boolean anomalous;
    private boolean truncated;

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
            truncated = false;
        }
        if (current == null) {
            return; // set-up before the first interrupt
        }
        if ((e instanceof TraceEvent.DriverOutcome o && o.spurious())
                || (e instanceof TraceEvent.HandlerRan h && h.result() == IrqReturn.NONE)) {
            anomalous = true;
        }
        if (current.size() < MAX_EVENTS) {
            current.add(lanes.place(e));
        } else {
            truncated = true;
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
            kept.add(new RoundTrip(number, start, List.copyOf(current), anomalous, truncated));
        }
        current = null;
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
