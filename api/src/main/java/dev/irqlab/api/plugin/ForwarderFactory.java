package dev.irqlab.api.plugin;

import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;

/** Builds the forwarder for one assigned device. */
public interface ForwarderFactory extends Configurable {

    Forwarder create(ForwarderContext context);
}
