package dev.irqlab.guest.device;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceName;

/**
 * The data events a device holds for its driver, numbered from 1 in arrival order (the
 * {@link dev.irqlab.api.device.Device} protocol), with the {@code DeviceAsserted} /
 * {@code DeviceServed} trace points.
 */
final class DataEvents {

    private final Sim sim;
    /** The device's name as the run's trace numbers it. */
    private final TraceName device;
    private long lastNumber;
    /** The number of the last event served, 0 before any: events {@code lastServed + 1 .. lastNumber} are pending. */
    private long lastServed;

    DataEvents(Sim sim, String device) {
        this.sim = sim;
        this.device = sim.trace().name(device);
    }

    /** A new data event; returns its number. */
    long arrive() {
        return ++lastNumber;
    }

    /** The interrupt is raised (or kept raised) for event {@code n}. */
    void asserted(long n) {
        sim.trace().deviceAsserted(sim.now(), device, n);
    }

    /** Consumes the oldest pending event; returns its number or 0 if none was pending. */
    long serveOne() {
        if (lastServed == lastNumber) {
            return 0;
        }
        long n = ++lastServed;
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
        return (int) (lastNumber - lastServed);
    }

    boolean isEmpty() {
        return lastServed == lastNumber;
    }

    /** {@link #asserted} for every pending event, oldest first. */
    void assertedAllPending() {
        for (long n = lastServed + 1; n <= lastNumber; n++) {
            asserted(n);
        }
    }
}
