package dev.irqlab.runtime.metrics;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A read-only map of counts by name whose entries are its indexes 0 to {@code size() - 1} in order:
 * what {@link ExitCounts} and {@link SortedCounts} hand {@link RunMetrics} over arrays, without a map
 * built per run. Equal to, hashed and printed as any map of the same entries.
 */
abstract class IndexedCounts extends AbstractMap<String, Long> {

    /** The name of entry {@code i}. */
    abstract String key(int i);

    /** The count of entry {@code i}. */
    abstract long count(int i);

    /** The index of the entry named {@code key}, or -1. */
    abstract int indexOf(Object key);

    @Override
    public abstract int size();

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Long get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : count(i);
    }

    @Override
    public Long getOrDefault(Object key, Long otherwise) {
        int i = indexOf(key);
        return i < 0 ? otherwise : count(i);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Long> action) {
        for (int i = 0; i < size(); i++) {
            action.accept(key(i), count(i));
        }
    }

    @Override
    public Set<Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return IndexedCounts.this.size();
            }

            @Override
            public Iterator<Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size();
                    }

                    @Override
                    public Entry<String, Long> next() {
                        if (next >= size()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(key(i), count(i));
                    }
                };
            }
        };
    }
}
