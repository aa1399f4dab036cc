package dev.irqlab.api.plugin;

import java.util.List;

/**
 * One configuration key of a plugin factory: its name as written in scenario files, type, default,
 * description, and limits.
 *
 * @param defaultValue {@code Long} (nanoseconds for durations), {@code Boolean} or {@code String}
 * @param choices      the allowed words for {@link ConfigType#CHOICE}, empty otherwise
 * @param min          inclusive lower bound for numbers and durations
 * @param max          inclusive upper bound for numbers and durations
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, String description, List<String> choices,
                        long min, long max) {
    public ConfigKey {
        choices = List.copyOf(choices);
    }

    public static ConfigKey duration(String name, long defaultNs, String description) {
        return new ConfigKey(name, ConfigType.DURATION, defaultNs, description, List.of(), 0, Long.MAX_VALUE);
    }

    public static ConfigKey integer(String name, long defaultValue, long min, long max, String description) {
        return new ConfigKey(name, ConfigType.INTEGER, defaultValue, description, List.of(), min, max);
    }

    public static ConfigKey flag(String name, boolean defaultValue, String description) {
        return new ConfigKey(name, ConfigType.BOOLEAN, defaultValue, description, List.of(), 0, 0);
    }

    public static ConfigKey choice(String name, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(name, ConfigType.CHOICE, defaultValue, description, choices, 0, 0);
    }
}
