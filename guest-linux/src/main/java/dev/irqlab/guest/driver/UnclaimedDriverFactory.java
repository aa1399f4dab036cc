package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.GuestDriverFactory;
import java.util.List;

/** Builds {@link UnclaimedDriver}s: driver name {@code unclaimed}; no configuration. */
public final class UnclaimedDriverFactory implements GuestDriverFactory {

    public static final String NAME = "unclaimed";

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new UnclaimedDriver(context);
    }

    @Override
    public String summary() {
        return "a driver whose handler always returns IRQ_NONE: a level device storms until nobody cared";
    }

    @Override
    public String source() {
        return "kernel/irq/spurious.c: note_interrupt";
    }

    /** Every flow: there is no handler for the flow to shape. */
    @Override
    public List<String> flows() {
        return Flows.ALL;
    }
}
