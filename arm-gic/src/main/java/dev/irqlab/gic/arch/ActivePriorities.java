package dev.irqlab.gic.arch;

import java.util.Arrays;

/**
 * The active priorities of a CPU interface (GICC_APRn, IHI 0048B 4.4.16; ICC_AP1Rn_EL1 and, for a
 * virtual CPU interface, ICH_AP1Rn_EL2, IHI 0069 12.2.3 / 12.4.2): one entry per acknowledged
 * interrupt whose priority has not been dropped yet, the most recent on top. The running priority is
 * the top entry's. Entries are kept as pairs of ints, so an acknowledge allocates nothing.
 */
public final class ActivePriorities {

    /** intid, priority of entry i at 2i, 2i + 1; entry {@code size - 1} is the top. */
    private int[] entries = new int[8];
    private int size;

    /** An acknowledge: {@code intid} now runs at {@code priority}. */
    public void push(int intid, int priority) {
        if (2 * size == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[2 * size] = intid;
        entries[2 * size + 1] = priority;
        size++;
    }

    /** The running priority (GICC_RPR / ICC_RPR_EL1), {@code idle} when nothing is active. */
    public int runningPriority(int idle) {
        return size == 0 ? idle : entries[2 * size - 1];
    }

    /** A priority drop in order: removes the top entry if it is {@code intid}'s; false if it is not. */
    public boolean popIf(int intid) {
        if (size > 0 && entries[2 * size - 2] == intid) {
            size--;
            return true;
        }
        return false;
    }

    /**
     * A priority drop out of order (IHI 0048B 3.2.1: UNPREDICTABLE; the model drops it): removes every
     * entry of {@code intid}, keeping the others in order; false if it held none.
     */
    public boolean removeAll(int intid) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (entries[2 * i] != intid) {
                entries[2 * kept] = entries[2 * i];
                entries[2 * kept + 1] = entries[2 * i + 1];
                kept++;
            }
        }
        boolean removed = kept != size;
        size = kept;
        return removed;
    }

    /** Whether {@code intid} holds an active priority. */
    public boolean contains(int intid) {
        for (int i = 0; i < size; i++) {
            if (entries[2 * i] == intid) {
                return true;
            }
        }
        return false;
    }

    /** How many active priorities are held. */
    public int size() {
        return size;
    }
}
