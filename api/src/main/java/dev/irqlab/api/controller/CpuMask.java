package dev.irqlab.api.controller;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers: the model's {@code struct cpumask} (include/linux/cpumask.h), as
 * genirq passes it to {@code irq_chip.irq_set_affinity}. Printed as the kernel prints a cpulist
 * ({@code "0-3,6"}, {@code %*pbl}).
 */
public final class CpuMask {

    private static final CpuMask EMPTY = new CpuMask(new BitSet());

    private final BitSet bits;

    private CpuMask(BitSet bits) {
        this.bits = bits;
    }

    /** The mask with exactly {@code cpus}; each must be {@code >= 0}. */
    public static CpuMask of(int... cpus) {
        BitSet b = new BitSet();
        for (int cpu : cpus) {
            if (cpu < 0) {
                throw new IllegalArgumentException("negative CPU number " + cpu);
            }
            b.set(cpu);
        }
        return new CpuMask(b);
    }

    /** CPUs {@code 0..count-1}: {@code cpu_online_mask} of a machine with {@code count} CPUs. */
    public static CpuMask first(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative CPU count " + count);
        }
        BitSet b = new BitSet();
        b.set(0, count);
        return new CpuMask(b);
    }

    public static CpuMask empty() {
        return EMPTY;
    }

    /** {@code cpumask_test_cpu}. */
    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    /** {@code cpumask_empty}. */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** {@code cpumask_weight}. */
    public int weight() {
        return bits.cardinality();
    }

    /** {@code cpumask_first}: the lowest CPU, or -1 when empty. */
    public int firstCpu() {
        return bits.nextSetBit(0);
    }

    /** {@code cpumask_and}. */
    public CpuMask and(CpuMask other) {
        BitSet b = (BitSet) bits.clone();
        b.and(other.bits);
        return new CpuMask(b);
    }

    /** {@code cpumask_intersects}. */
    public boolean intersects(CpuMask other) {
        return bits.intersects(other.bits);
    }

    /** The CPUs in ascending order ({@code for_each_cpu}). */
    public IntStream cpus() {
        return bits.stream();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuMask m && m.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** The cpulist format of {@code %*pbl}: {@code "0-3,6"}, empty for no CPU. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        int from = bits.nextSetBit(0);
        while (from >= 0) {
            int to = bits.nextClearBit(from) - 1;
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(from);
            if (to > from) {
                s.append('-').append(to);
            }
            from = bits.nextSetBit(to + 1);
        }
        return s.toString();
    }
}
