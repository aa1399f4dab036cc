package dev.irqlab.api.plugin;

/** The value types a plugin configuration key may have. */
public enum ConfigType {
    /** A duration with a unit ({@code 10us}, {@code 2ms}); delivered as nanoseconds ({@code Long}). */
    DURATION,
    /** A whole number ({@code Long}). */
    INTEGER,
    /** {@code true} / {@code false} ({@code Boolean}). */
    BOOLEAN,
    /** One of a fixed set of words ({@code String}). */
    CHOICE,
    /** Free text ({@code String}). */
    STRING
}
