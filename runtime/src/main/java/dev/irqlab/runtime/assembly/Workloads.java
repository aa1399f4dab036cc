package dev.irqlab.runtime.assembly;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.runtime.scenario.Workload;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Drives a device's {@code dataArrives} at the scenario's times. Events are scheduled one at a
 * time (each schedules the next) so a ten-million-event workload keeps one queue entry per device.
 * Jitter is uniform in [0, jitter) from the device's own random stream.
 */
final class Workloads {

    private Workloads() {
    }

    static void start(Sim sim, Device device, Workload workload, long endNs) {
        RandomGenerator random = sim.random("workload." + device.name());
        String what = "workload " + device.name();
        if (workload instanceof Workload.Periodic p) {
            new Periodic(sim, device, what, p, random, endNs).next(0);
        } else if (workload instanceof Workload.AtTimes a) {
            scheduleAt(sim, device, what, a.timesNs().stream().sorted().toList(), a.jitterNs(), 0, random, endNs);
        }
    }

    private static long jitter(RandomGenerator random, long jitterNs) {
        return jitterNs > 0 ? random.nextLong(jitterNs) : 0;
    }

    /** A periodic workload's one event, queued again for each data event (no allocation per event). */
    private static final class Periodic implements Runnable {
        private final Sim sim;
        private final Device device;
        private final String what;
        private final Workload.Periodic p;
        private final RandomGenerator random;
        private final long endNs;
        /** The index of the data event queued. */
        private long i;

        Periodic(Sim sim, Device device, String what, Workload.Periodic p, RandomGenerator random, long endNs) {
            this.sim = sim;
            this.device = device;
            this.what = what;
            this.p = p;
            this.random = random;
            this.endNs = endNs;
        }

        void next(long index) {
            if (index >= p.count()) {
                return;
            }
            long t = p.startNs() + index * p.periodNs() + jitter(random, p.jitterNs());
            if (t > endNs || t < sim.now()) {
                return;
            }
            i = index;
            sim.scheduler().postAt(t, what, this);
        }

        @Override
        public void run() {
            device.dataArrives();
            next(i + 1);
        }
    }

    private static void scheduleAt(Sim sim, Device device, String what, List<Long> times, long jitterNs, int i,
                                   RandomGenerator random, long endNs) {
        if (i >= times.size()) {
            return;
        }
        long t = Math.max(sim.now(), times.get(i) + jitter(random, jitterNs));
        if (t > endNs) {
            return;
        }
        sim.scheduler().postAt(t, what, () -> {
            device.dataArrives();
            scheduleAt(sim, device, what, times, jitterNs, i + 1, random, endNs);
        });
    }
}
