package dev.irqlab.api.plugin;

import java.util.List;

/**
 * One configuration key of a plugin factory, as the scenario loader checks it and {@code irqlab
 * describe} documents it: its name as written in scenario files, type, default, what it models,
 * limits, unit and the kernel (or manual) source it follows.
 *
 * <p>The full path of a key in a scenario is given by the role ({@code config.kernel.hz},
 * {@code devices[].config.reassert-delay}); the key itself carries only its name.
 *
 * @param defaultValue {@code Long} (nanoseconds for durations), {@code Boolean} or {@code String}
 * @param description  what the key models, one sentence for the user
 * @param choices      the allowed words for {@link ConfigType#CHOICE}, empty otherwise
 * @param min          inclusive lower bound for numbers and durations
 * @param max          inclusive upper bound for numbers and durations
 * @param unit         the unit of an {@link ConfigType#INTEGER} ("jiffies/s", "SPIs"); durations are
 *                     written with their own unit ({@code 10us}) and delivered in ns; empty if none
 * @param source       where the modelled behaviour comes from: kernel file and function with the
 *                     version ({@code kernel/irq/spurious.c: note_interrupt}) or the manual
 *                     section; empty if the key is a property of the model only
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, String description, List<String> choices,
                        long min, long max, String unit, String source) {
    public ConfigKey {
        choices = List.copyOf(choices);
        unit = unit == null ? "" : unit;
        source = source == null ? "" : source;
    }

    /** A key without unit and source (add them with {@link #withUnit} and {@link #withSource}). */
    public ConfigKey(String name, ConfigType type, Object defaultValue, String description, List<String> choices,
                     long min, long max) {
        this(name, type, defaultValue, description, choices, min, max, "", "");
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

    /** This key with a unit ({@code "SPIs"}, {@code "jiffies/s"}). */
    public ConfigKey withUnit(String newUnit) {
        return new ConfigKey(name, type, defaultValue, description, choices, min, max, newUnit, source);
    }

    /** This key with the source of the behaviour it models ({@code "kernel/irq/resend.c: irq_sw_resend"}). */
    public ConfigKey withSource(String newSource) {
        return new ConfigKey(name, type, defaultValue, description, choices, min, max, unit, newSource);
    }

    /** This key with other inclusive limits (numbers and durations). */
    public ConfigKey withRange(long newMin, long newMax) {
        return new ConfigKey(name, type, defaultValue, description, choices, newMin, newMax, unit, source);
    }
}
