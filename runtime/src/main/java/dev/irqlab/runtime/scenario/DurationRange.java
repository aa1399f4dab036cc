package dev.irqlab.runtime.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A latency written as a range ({@code thread-wakeup: 5us..200us}), held in a scenario's
 * configuration until a run resolves it to one value ({@link Ranges}).
 *
 * @param lowNs  inclusive, nanoseconds
 * @param highNs inclusive, above {@code lowNs}
 */
public record DurationRange(long lowNs, long highNs) {

    public DurationRange {
        if (lowNs < 0 || highNs <= lowNs) {
            throw new IllegalArgumentException("range " + lowNs + ".." + highNs + " ns");
        }
    }

    /**
     * The discretisation points a run may take, {@code points} of them (at least two): both ends
     * first (index 0 the low end, a plain run's value), then the interior points of an even grid
     * from low to high, without repeats.
     */
    public List<Long> points(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("a range needs at least two points, got " + points);
        }
        List<Long> out = new ArrayList<>(List.of(lowNs, highNs));
        for (int i = 1; i < points - 1; i++) {
            long p = lowNs + Math.round((double) (highNs - lowNs) * i / (points - 1));
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return Durations.format(lowNs) + ".." + Durations.format(highNs);
    }
}
