package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import java.util.Locale;

/**
 * One scenario key as the reference documents it.
 *
 * @param path         the dotted path in a scenario ({@code config.kernel.hz}, {@code devices[].workload.period})
 * @param owner        who declares it: "scenario" for the loader's own keys, else the factory
 *                     as role label and name ({@code kernel linux}, {@code device level-status})
 * @param type         duration, integer, boolean, choice, text, list, mapping
 * @param unit         the unit of a number; empty if none
 * @param defaultValue as written in a scenario; "required" or "-" when there is none
 * @param allowed      the allowed values or range
 * @param models       what the key models
 * @param source       the kernel source or manual it follows; empty if none
 */
public record KeyDoc(String path, String owner, String type, String unit, String defaultValue, String allowed,
                     String models, String source) {

    /** A plugin configuration key under {@code prefix} ({@code config.kernel}, {@code devices[].config}). */
    public static KeyDoc of(String prefix, String owner, ConfigKey key) {
        return new KeyDoc(prefix + "." + key.name(), owner, key.type().name().toLowerCase(Locale.ROOT),
                key.unit(), written(key.type(), key.defaultValue()), allowed(key), key.description(), key.source());
    }

    private static String written(ConfigType type, Object value) {
        if (type == ConfigType.DURATION && value instanceof Long ns) {
            return Durations.format(ns);
        }
        return String.valueOf(value);
    }

    private static String allowed(ConfigKey key) {
        switch (key.type()) {
            case CHOICE:
                return String.join(", ", key.choices());
            case BOOLEAN:
                return "true, false";
            case DURATION:
                return range(Durations.format(key.min()), key.max() == Long.MAX_VALUE ? "" : Durations.format(key.max()));
            case INTEGER:
                return range(Long.toString(key.min()), key.max() == Long.MAX_VALUE ? "" : Long.toString(key.max()));
            default:
                return "any text";
        }
    }

    private static String range(String min, String max) {
        return max.isEmpty() ? ">= " + min : min + ".." + max;
    }
}
