package dev.irqlab.guest.device;

import dev.irqlab.api.sim.Sim;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The data events a device holds for its driver, numbered from 1 in arrival order (the
 * {@link dev.irqlab.api.device.Device} protocol), with the {@code DeviceAsserted} /
 * {@code DeviceServed} trace points.
 */
final class DataEvents {

    private final Sim sim;
    private final String device;
    private final Deque<Long> pending = new ArrayDeque<>();
    private long lastNumber;

    DataEvents(Sim sim, String device) {
        this.sim = sim;
        this.device = device;
    }

    /** A new data event; returns its number. */
    long arrive() {
        long n = ++lastNumber;
        pending.addLast(n);
        return n;
    }

    /** The interrupt is raised (or kept raised) for event {@code n}. */
    void asserted(long n) {
        sim.trace().deviceAsserted(sim.now(), device, n);
    }

    /** Consumes the oldest pending event; returns its number or 0 if none was pending. */
    long serveOne() {
        Long n = pending.pollFirst();
        if (n == null) {
            return 0;
        }
        sim.trace().deviceServed(sim.now(), device, n);
        return n;
    }

    /** Consumes every pending event; returns how many. */
    int serveAll() {
        int served = 0;
        while (serveOne() != 0) {
            served++;
        }
        return served;
    }

    int count() {
        return pending.size();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Numbers of the pending events, oldest first. */
    Iterable<Long> pendingNumbers() {
        return pending;
    }
}
