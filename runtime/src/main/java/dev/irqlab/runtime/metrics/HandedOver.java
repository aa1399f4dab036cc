package dev.irqlab.runtime.metrics;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A map its maker built in its final order and hands over, read-only: {@link RunMetrics} keeps it as
 * it is instead of copying it again (what {@link MetricsCollector#finish} builds, once per run).
 */
final class HandedOver<K, V> extends AbstractMap<K, V> {

    private final Map<K, V> view;

    private HandedOver(Map<K, V> view) {
        this.view = view;
    }

    /** {@code built}, which no one else holds and its maker never changes again, read-only. */
    static <K, V> HandedOver<K, V> of(Map<K, V> built) {
        return new HandedOver<>(Collections.unmodifiableMap(built));
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public V get(Object key) {
        return view.get(key);
    }

    @Override
    public V getOrDefault(Object key, V otherwise) {
        return view.getOrDefault(key, otherwise);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        view.forEach(action);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return view.entrySet();
    }
}
