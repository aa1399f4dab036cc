package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.GuestDriverFactory;

/** Builds {@link UnclaimedDriver}s: driver name {@code unclaimed}; no configuration. */
public final class UnclaimedDriverFactory implements GuestDriverFactory {

    public static final String NAME = "unclaimed";

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new UnclaimedDriver(context);
    }
}
