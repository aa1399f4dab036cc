package dev.irqlab.api.device;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;

/** What a device model is built from: its name, its interrupt type and its validated configuration. */
public record DeviceContext(Sim sim, String name, Trigger trigger, Config config) {
}
