package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.GuestDriverFactory;

/** Builds {@link EdgeDriver}s: driver name {@code edge}; no configuration. */
public final class EdgeDriverFactory implements GuestDriverFactory {

    public static final String NAME = "edge";

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new EdgeDriver(context);
    }
}
