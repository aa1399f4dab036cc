package dev.irqlab.runtime.metrics;

import java.util.Arrays;

/** A growable queue of primitive longs (assert times waiting for a handler). */
final class LongFifo {

    private long[] values = new long[8];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long get(int i) {
        return values[i];
    }

    void clear() {
        size = 0;
        if (values.length > 1024) {
            values = new long[8];
        }
    }
}
