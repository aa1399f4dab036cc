package dev.irqlab.runtime.explore;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One dispatched event's footprint as the recorder collects it ({@link Footprints#touch}): the
 * names it touched, each once. An event touches a handful — its actor, the components it traced, the
 * actors it queued work for — and every trace call touches again, so the names are kept in an array
 * and looked for by identity first (the models pass the same few strings), which costs less than a
 * hash set's table and entries per event; past {@value #SMALL} names it becomes a hash set.
 */
final class Footprint extends AbstractSet<String> {

    /** Names kept in the array at most. */
    private static final int SMALL = 16;

    private String[] names = new String[4];
    private int size;
    /** All the names, once there are more than {@link #SMALL}; null until then. */
    private Set<String> large;

    Footprint(String first) {
        names[0] = first;
        size = 1;
    }

    @Override
    public boolean add(String name) {
        if (large != null) {
            return large.add(name);
        }
        if (indexOf(name) >= 0) {
            return false;
        }
        if (size == SMALL) {
            large = new HashSet<>(this);
            names = null;
            return large.add(name);
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, 2 * size);
        }
        names[size++] = name;
        return true;
    }

    @SuppressWarnings("ReferenceEquality") // the same string object first: the models pass the same few
    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean contains(Object o) {
        return large != null ? large.contains(o) : indexOf(o) >= 0;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public Iterator<String> iterator() {
        if (large != null) {
            return Collections.unmodifiableSet(large).iterator();
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public String next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return names[next++];
            }
        };
    }
}
