package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.GuestDriverFactory;

/** Builds {@link MissingDriver}s: driver name {@code missing}; no configuration. */
public final class MissingDriverFactory implements GuestDriverFactory {

    public static final String NAME = "missing";

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new MissingDriver(context);
    }
}
