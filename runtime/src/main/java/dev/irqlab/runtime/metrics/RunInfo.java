package dev.irqlab.runtime.metrics;

/** What a result reports about the run besides its metrics. */
public record RunInfo(String scenarioName, String sourceFile, long seed, long endTimeNs, long eventsDispatched) {
}
