package dev.irqlab.api.plugin;

import java.util.Map;
import java.util.TreeMap;

/**
 * A plugin factory's validated configuration: every key of its schema present, with a value of the
 * declared type. Protocol: the runtime builds it from the scenario and the factory's
 * {@code schema()} defaults; asking for a key the schema does not declare is a bug in the plugin
 * ({@link IllegalArgumentException} naming the known keys). Two configurations are equal when their
 * values are.
 */
public interface Config {

    /** A duration key, in nanoseconds. */
    long durationNs(String key);

    long integer(String key);

    boolean flag(String key);

    /** A choice or string key. */
    String text(String key);

    /** All values by key (nanoseconds for durations). */
    Map<String, Object> values();

    /** A configuration over already-typed values. */
    static Config of(Map<String, ?> values) {
        Map<String, Object> copy = new TreeMap<>(values);
        return new Config() {
            private Object get(String key, Class<?> type) {
                Object v = copy.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("no configuration key '" + key + "'; known keys: "
                            + copy.keySet());
                }
                if (!type.isInstance(v)) {
                    throw new IllegalArgumentException("configuration key '" + key + "' is a "
                            + v.getClass().getSimpleName() + ", not a " + type.getSimpleName());
                }
                return v;
            }

            @Override
            public long durationNs(String key) {
                return (Long) get(key, Long.class);
            }

            @Override
            public long integer(String key) {
                return (Long) get(key, Long.class);
            }

            @Override
            public boolean flag(String key) {
                return (Boolean) get(key, Boolean.class);
            }

            @Override
            public String text(String key) {
                return (String) get(key, String.class);
            }

            @Override
            public Map<String, Object> values() {
                return java.util.Collections.unmodifiableMap(copy);
            }

            @Override
            public String toString() {
                return copy.toString();
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Config c && copy.equals(c.values());
            }

            @Override
            public int hashCode() {
                return copy.hashCode();
            }
        };
    }

    /** The configuration made of a schema's defaults. */
    static Config defaults(java.util.List<ConfigKey> schema) {
        Map<String, Object> m = new TreeMap<>();
        for (ConfigKey k : schema) {
            m.put(k.name(), k.defaultValue());
        }
        return of(m);
    }
}
