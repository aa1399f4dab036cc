package dev.irqlab.api.plugin;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;

/** Builds one guest driver instance bound to one device. */
public interface GuestDriverFactory extends Configurable {

    GuestDriver create(GuestDriverContext context);
}
