package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.Config;

/** The guest driver bound to one device: its factory name, requested flow and typed configuration. */
public record DriverSpec(String name, DriverFlow flow, Config config) {
}
