package dev.irqlab.runtime.scenario;

/** A guest system suspend requested at {@code atNs}, lasting {@code durationNs}. */
public record Suspend(long atNs, long durationNs) {
}
