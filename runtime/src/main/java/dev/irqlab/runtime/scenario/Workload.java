package dev.irqlab.runtime.scenario;

import java.util.List;

/** When a device's data arrives ({@code Device.dataArrives()}), in virtual nanoseconds. */
public sealed interface Workload permits Workload.Periodic, Workload.AtTimes, Workload.None {

    /**
     * {@code count} arrivals at {@code startNs + i * periodNs}, each delayed by a seeded uniform
     * {@code [0, jitterNs)}.
     */
    record Periodic(long startNs, long periodNs, long count, long jitterNs) implements Workload {
    }

    /** Arrivals at explicit times (sorted ascending), each delayed by a seeded uniform {@code [0, jitterNs)}. */
    record AtTimes(List<Long> timesNs, long jitterNs) implements Workload {
        public AtTimes {
            timesNs = List.copyOf(timesNs);
        }
    }

    /** No workload: the device never fires. */
    record None() implements Workload {
    }
}
