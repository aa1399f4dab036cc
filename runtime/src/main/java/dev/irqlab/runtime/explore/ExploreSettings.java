package dev.irqlab.runtime.explore;

import java.util.Set;

/**
 * Bounds and choices of one exploration.
 *
 * @param maxSchedules stop after this many schedules (the result is then not exhaustive)
 * @param maxTimeNs    choice points after this virtual time take the plain run's order (not branched)
 * @param depth        only the first {@code depth} choice points of a run are branched
 * @param reduction    none, dpor, source or optimal
 * @param checks       the properties checked after every run
 * @param expect       whether the scenario's {@code expect:} block is checked too
 * @param rangePoints  discretisation points per latency range (at least 2: both ends)
 * @param splitDepth   the first {@code splitDepth} choice points are branched completely (no
 *                     reduction) and their picks name the subtree a shard owns
 * @param shardIndex   this shard, 0-based
 * @param shardCount   the number of shards the schedule space is split into
 */
public record ExploreSettings(long maxSchedules, long maxTimeNs, int depth, Reduction reduction, Set<Check> checks,
                              boolean expect, int rangePoints, int splitDepth, int shardIndex, int shardCount) {

    public static final int DEFAULT_SPLIT_DEPTH = 2;

    public ExploreSettings {
        checks = Set.copyOf(checks);
        if (maxSchedules < 1 || depth < 0 || rangePoints < 2 || splitDepth < 0 || shardCount < 1 || shardIndex < 0
                || shardIndex >= shardCount) {
            throw new IllegalArgumentException("bad exploration settings: " + this);
        }
    }

    public static ExploreSettings defaults() {
        return new ExploreSettings(100_000, Long.MAX_VALUE, 10_000, Reduction.DPOR, Check.invariants(), true,
                Schedule.DEFAULT_RANGE_POINTS, DEFAULT_SPLIT_DEPTH, 0, 1);
    }

    public ExploreSettings shard(int index, int count) {
        return new ExploreSettings(maxSchedules, maxTimeNs, depth, reduction, checks, expect, rangePoints, splitDepth,
                index, count);
    }

    /** The settings as one line, the same for every shard of one exploration. */
    public String describe() {
        return "max-schedules " + maxSchedules + ", max-time " + (maxTimeNs == Long.MAX_VALUE ? "none" : maxTimeNs
                + "ns") + ", depth " + depth + ", reduction " + reduction.label() + ", checks "
                + checks.stream().map(Check::label).sorted().toList() + (expect ? " + expect" : "") + ", range-points "
                + rangePoints + ", split-depth " + splitDepth;
    }
}
